package org.harmonia.server.reports;

/** The formats a report can be rendered to, with the content type and file extension to serve it under. */
public enum ReportFormat {
    HTML("text/html; charset=UTF-8", "html"),
    PDF("application/pdf", "pdf");

    private final String contentType;
    private final String fileExtension;

    ReportFormat(String contentType, String fileExtension) {
        this.contentType = contentType;
        this.fileExtension = fileExtension;
    }

    /** The format a user names (html or pdf, any case); empty if there is none of that name. */
    public static java.util.Optional<ReportFormat> parse(String text) {
        for (ReportFormat f : values()) {
            if (f.fileExtension.equalsIgnoreCase(text == null ? "" : text.strip())) {
                return java.util.Optional.of(f);
            }
        }
        return java.util.Optional.empty();
    }

    /** The HTTP content type, e.g. {@code application/pdf}. */
    public String contentType() {
        return contentType;
    }

    /** The file extension without the dot, e.g. {@code pdf}. */
    public String fileExtension() {
        return fileExtension;
    }
}
