package org.harmonia.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.harmonia.server.reports.ReportBlock.Heading;
import org.harmonia.server.reports.ReportBlock.Paragraph;
import org.harmonia.server.reports.ReportBlock.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PdfReportRendererTest {

    private static byte[] pdf;
    private static List<String> pages;

    @BeforeAll
    static void render() throws IOException {
        System.setProperty("java.awt.headless", "true");
        pdf = new PdfReportRenderer().render(SampleReports.mesems());
        pages = pageTexts(pdf);
    }

    @Test
    void isAnA4DocumentOfSeveralPagesWithTitleAndSubject() throws IOException {
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(1);
            assertThat(doc.getPage(0).getMediaBox().getWidth()).isEqualTo(PDRectangle.A4.getWidth());
            assertThat(doc.getPage(0).getMediaBox().getHeight()).isEqualTo(PDRectangle.A4.getHeight());
            assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("MESEMS: interim report");
            assertThat(doc.getDocumentInformation().getSubject()).isEqualTo("Mesenchymal stem cells in multiple sclerosis \u2013 unblinded DSMB version");
        }
    }

    @Test
    void startsWithTheTitleHeader() {
        assertThat(pages.get(0)).startsWith("MESEMS: interim report\nMesenchymal stem cells in multiple sclerosis \u2013 unblinded DSMB version");
    }

    @Test
    void containsEveryCaptionInOrder() {
        String all = String.join("\n", pages);
        List<String> captions = List.of(SampleReports.CONSORT_CAPTION, SampleReports.BASELINE_CAPTION, SampleReports.PRIMARY_CAPTION,
                "Figure 1. Mean GELs per visit by treatment period (\u00B1 SE)", "Figure 2. Median EDSS over time",
                "Figure 3. Primary result by sub-trial", SampleReports.AE_CAPTION, "Figure 4. Participants with an adverse event",
                SampleReports.SAE_CAPTION);
        int previous = -1;
        for (String caption : captions) {
            int at = all.indexOf(caption);
            assertThat(at).as(caption).isGreaterThan(previous);
            previous = at;
        }
    }

    @Test
    void printsFooterAndPageNumberOnEveryPage() {
        int total = pages.size();
        for (int i = 0; i < total; i++) {
            assertThat(pages.get(i)).as("page " + (i + 1)).contains(SampleReports.FOOTER).contains("page " + (i + 1) + " of " + total);
        }
        assertThat(pages.get(0)).contains("page 1 of " + total);
    }

    @Test
    void repeatsTheHeaderRowWhereTheAdverseEventTableContinues() {
        List<Integer> withAeRows = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            if (pages.get(i).contains("Preferred term ")) {
                withAeRows.add(i);
            }
        }
        assertThat(withAeRows).as("the 60-row table spans pages").hasSizeGreaterThan(1);
        for (int i : withAeRows.subList(1, withAeRows.size())) {
            String page = pages.get(i);
            assertThat(page).contains(SampleReports.AE_CAPTION + " (continued)");
            assertThat(page).contains("System organ class Preferred term MSC (n = 69) Placebo (n = 69)");
        }
        String all = String.join("\n", pages);
        for (List<String> row : SampleReports.adverseEventRows()) {
            assertThat(all).contains(row.get(1) + " " + row.get(2) + " " + row.get(3));
        }
    }

    @Test
    void printsSymbolsAndItalianAccentsOrTheirReplacements() {
        String all = String.join(" ", pages).replace('\n', ' ');
        assertThat(all).contains("EDSS <= 6.5 and >= 1 GEL", "1\u20132 \u00D7 10^6 cells/kg", "5 \u00B5l per 10^4 cells",
                "attivit\u00E0 gi\u00E0 svolta", "Universit\u00E0 di Genova", "EDSS >= 3.0, n (%)", "37.9 \u00B1 7.6", "4.0 (3.0\u20135.0)");
    }

    @Test
    void rendersAnyTextWithoutThrowing() throws IOException {
        String text = "\u2265 \u00B1 \u2013 \u2264 \u00B5 perch\u00E9 citt\u00E0 \u041C\u043E\u0441\u043A\u0432\u0430 \u4E2D\u6587 \uD83D\uDE00 \u0007 \u03B1\u03B2 \u2082 \u2070";
        Report report = new Report(text, text, List.of(new Heading(1, text), new Paragraph(text),
                new Table("x", text, List.of(text, "b"), List.of(List.of(text, text)), List.of(text))), text);
        List<String> texts = pageTexts(new PdfReportRenderer().render(report));
        assertThat(texts.get(0)).contains(">= \u00B1 \u2013 <= \u00B5 perch\u00E9 citt\u00E0 ?????? ?? ? alphabeta 2 ^0");
    }

    @Test
    void splitsARowTallerThanAPageAndWrapsLongWords() throws IOException {
        String longCell = String.join(" ", Collections.nCopies(1500, "narrative")) + " end-of-narrative";
        String longWord = "x".repeat(400);
        Report report = new Report("Listing", null, List.of(new Table("long", "Narratives", List.of("Participant", "Narrative"),
                List.of(List.of("IT-001", longCell), List.of(longWord, "short")), List.of())), "footer");
        List<String> texts = pageTexts(new PdfReportRenderer().render(report));
        assertThat(texts.size()).isGreaterThan(2);
        String all = String.join("", texts).replace("\n", "");
        assertThat(all).contains("end-of-narrative").contains("Narratives (continued)");
        assertThat(all.replaceAll("[^x]", "")).hasSizeGreaterThanOrEqualTo(400);
    }

    @Test
    void printsAnEmptyTableAsNoRows() throws IOException {
        Report report = new Report("Empty", null, List.of(new Table("none", "Deaths", List.of("Participant", "Cause"), List.of(), List.of())), null);
        String page = pageTexts(new PdfReportRenderer().render(report)).get(0);
        assertThat(page).contains("Deaths\nParticipant Cause\nNo rows.").contains("page 1 of 1");
    }

    @Test
    void wrapsTextAtSpacesWithinTheWidth() throws IOException {
        var font = new org.apache.pdfbox.pdmodel.font.PDType1Font(org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA);
        List<String> lines = PdfReportRenderer.wrap("alpha beta gamma delta\nepsilon", font, 10, 60);
        assertThat(lines).containsExactly("alpha beta", "gamma delta", "epsilon");
        assertThat(PdfReportRenderer.wrap("", font, 10, 60)).containsExactly("");
    }

    static List<String> pageTexts(byte[] bytes) throws IOException {
        List<String> out = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setLineSeparator("\n");
            for (int p = 1; p <= doc.getNumberOfPages(); p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                out.add(stripper.getText(doc));
            }
        }
        return out;
    }
}
