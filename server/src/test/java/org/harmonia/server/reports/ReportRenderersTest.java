package org.harmonia.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.harmonia.server.reports.ReportBlock.Paragraph;
import org.junit.jupiter.api.Test;

class ReportRenderersTest {

    private static final Report SMALL = new Report("Screening log", "Site IT-01", List.of(new Paragraph("Three screened.")), "Harmonia 0.1.0");

    @Test
    void rendersHtmlAsUtf8Page() {
        byte[] bytes = ReportRenderers.render(SMALL, ReportFormat.HTML);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("<!DOCTYPE html>").contains("<p>Three screened.</p>");
        assertThat(ReportRenderers.contentType(ReportFormat.HTML)).isEqualTo("text/html; charset=UTF-8");
        assertThat(ReportFormat.HTML.fileExtension()).isEqualTo("html");
    }

    @Test
    void rendersPdfDocument() throws Exception {
        byte[] bytes = ReportRenderers.render(SMALL, ReportFormat.PDF);
        assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(PdfReportRendererTest.pageTexts(bytes)).singleElement().asString().contains("Three screened.", "page 1 of 1");
        assertThat(ReportRenderers.contentType(ReportFormat.PDF)).isEqualTo("application/pdf");
        assertThat(ReportFormat.PDF.fileExtension()).isEqualTo("pdf");
    }

    @Test
    void makesSafeFileNames() {
        assertThat(ReportRenderers.fileName("MESEMS DSMB report 2024-03", ReportFormat.PDF)).isEqualTo("MESEMS-DSMB-report-2024-03.pdf");
        assertThat(ReportRenderers.fileName("../../etc/passwd", ReportFormat.HTML)).isEqualTo("etc-passwd.html");
        assertThat(ReportRenderers.fileName("  ", ReportFormat.HTML)).isEqualTo("report.html");
    }
}
