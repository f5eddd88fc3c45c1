package org.harmonia.server.reports;

/** Renders a report to the bytes of a format, for downloads and exports. */
public final class ReportRenderers {

    private ReportRenderers() {
    }

    /** The report in the given format: UTF-8 HTML or a PDF document. */
    public static byte[] render(Report report, ReportFormat format) {
        return switch (format) {
            case HTML -> new HtmlReportRenderer().renderBytes(report);
            case PDF -> new PdfReportRenderer().render(report);
        };
    }

    /** The HTTP content type of the format. */
    public static String contentType(ReportFormat format) {
        return format.contentType();
    }

    /** A file name for the report: the given base name with the format's extension. */
    public static String fileName(String baseName, ReportFormat format) {
        String safe = baseName == null ? "" : baseName.strip().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
        return (safe.isEmpty() ? "report" : safe) + "." + format.fileExtension();
    }
}
