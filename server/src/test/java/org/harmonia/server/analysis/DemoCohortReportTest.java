package org.harmonia.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.harmonia.server.reports.Report;
import org.harmonia.server.reports.ReportBlock;
import org.harmonia.server.reports.ReportBlock.Table;
import org.harmonia.server.security.Caller;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.json.JsonMapper;

/** The demo cohort, loaded through the services, gives the published MESEMS figures in the report computed from it. */
@SpringBootTest(properties = {"harmonia.protocols=../protocols", "harmonia.test.database=demo-cohort"})
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoCohortReportTest {
    static final List<String> BLINDED_WORDS = List.of("MSC-PLACEBO", "PLACEBO-MSC", "MSC then placebo", "placebo then MSC");

    @Autowired
    DemoCohort cohort;

    @Autowired
    ReportService reports;

    @Autowired
    JsonMapper json;

    DemoCohort.Loaded loaded;
    Report unblinded;
    Report blinded;

    @BeforeAll
    void load() {
        loaded = cohort.load("mesems");
        unblinded = reports.report("mesems", true, Caller.SYSTEM);
        blinded = reports.report("mesems", false, Caller.SYSTEM);
    }

    static Table table(Report r, String id) {
        return r.blocks().stream().filter(b -> b instanceof Table t && t.id().equals(id)).map(b -> (Table) b).findFirst().orElseThrow();
    }

    static List<String> row(Table t, String label) {
        return t.rows().stream().filter(r -> r.get(0).equals(label)).findFirst().orElseThrow();
    }

    @Test
    void randomises144Patients69MscFirstAnd75PlaceboFirst() {
        assertThat(loaded.randomised()).isEqualTo(144);
        Table consort = table(unblinded, "consort");
        assertThat(consort.header()).containsExactly("Stage", "MSC then placebo", "placebo then MSC", "Total");
        assertThat(row(consort, "Randomised")).containsExactly("Randomised", "69", "75", "144");
        assertThat(row(consort, "Screened").get(3)).isEqualTo("164");
        assertThat(row(consort, "Screen failures").get(3)).isEqualTo("20");
        assertThat(row(consort, "Enrolled (consented, day 0 set)").get(3)).isEqualTo("144");
    }

    @Test
    void reportsThePublishedAdverseEventCounts() {
        Table summary = table(unblinded, "ae-summary");
        assertThat(row(summary, "Any adverse event")).containsExactly("Any adverse event", "93", "35/69 (51%)", "120", "42/75 (56%)");
        Table soc = table(unblinded, "ae-soc");
        List<String> infections = row(soc, "Infections and infestations");
        assertThat(infections.get(1)).isEqualTo("18");
        assertThat(infections.get(3)).isEqualTo("36");
        Table sae = table(unblinded, "sae");
        assertThat(sae.rows()).hasSize(9);
        assertThat(sae.rows().stream().map(r -> r.get(0)).distinct()).hasSize(7);
        assertThat(sae.rows()).allSatisfy(r -> assertThat(r.get(2)).isEqualTo("placebo then MSC"));
        assertThat(unblinded.blocks()).anySatisfy(b -> assertThat(b).isEqualTo(new ReportBlock.Paragraph("Deaths: 0.")));
    }

    @Test
    void estimatesThePrimaryRateRatio() {
        Table primary = table(unblinded, "primary-result");
        List<String> r = primary.rows().get(0);
        assertThat(r.get(0)).isEqualTo("MSC then placebo vs placebo then MSC");
        double rr = Double.parseDouble(r.get(1));
        assertThat(rr).isBetween(0.4, 2.5);
        assertThat(r.get(2)).matches("\\d+\\.\\d\\d to \\d+\\.\\d\\d");
    }

    @Test
    void theBlindedReportHasNothingByArm() {
        String text = json.writeValueAsString(blinded);
        for (String word : BLINDED_WORDS) {
            assertThat(text).doesNotContain(word);
        }
        assertThat(row(table(blinded, "consort"), "Randomised")).containsExactly("Randomised", "144");
        assertThat(row(table(blinded, "ae-summary"), "Any adverse event")).containsExactly("Any adverse event", "213", "77/144 (53%)");
        assertThat(blinded.blocks()).noneMatch(b -> b instanceof Table t && t.id().equals("primary-result"));
        assertThat(blinded.blocks()).noneMatch(b -> b instanceof ReportBlock.Chart c && c.id().equals("forest"));
    }

    @Test
    void everyTableNamesItsDataSnapshotAndVersion() {
        for (Report r : List.of(unblinded, blinded)) {
            assertThat(r.footer()).contains("data snapshot").contains("164 subjects").contains("Harmonia");
            r.blocks().stream().filter(b -> b instanceof Table).map(b -> (Table) b)
                    .forEach(t -> assertThat(t.footnotes()).anySatisfy(f -> assertThat(f).contains("data snapshot")));
        }
    }

    @Autowired
    org.harmonia.server.system.DatabaseConfiguration.EmbeddedDatabaseHolder database;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @Test
    void theReportCommandWritesTheUnblindedPdfFromTheDatabase() throws Exception {
        java.nio.file.Path pdf = dir.resolve("mesems-unblinded.pdf");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = org.harmonia.server.cli.HarmoniaCommand.commandLine();
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        int code = cl.execute("report", "--study", "mesems", "--unblinded", "--format", "pdf", "--out", pdf.toString(),
                "--db-url", database.database().jdbcUrl());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("unblinded report of mesems written to").containsPattern("recorded as report \\d+");
        // the command line's report is in the past reports like the server's, with the SHA-256 of the file it wrote
        java.util.Map<String, Object> row = jdbc.sql("select kind, channel, pdf_sha256 from generated_report order by id desc limit 1").query().singleRow();
        assertThat(row).containsEntry("kind", "UNBLINDED").containsEntry("channel", "COMMAND_LINE")
                .containsEntry("pdf_sha256", ReportService.sha256(java.nio.file.Files.readAllBytes(pdf)));
        String text;
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(3);
            text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
        }
        assertThat(text).contains("CONSORT flow of patients").contains("Primary efficacy result").contains("Serious adverse events (9)")
                .contains("MSC then placebo").contains("data snapshot");
    }

    @Test
    void theBlindedHtmlAndPdfShowNoArmEither() throws Exception {
        String html = new String(org.harmonia.server.reports.ReportRenderers.render(blinded,
                org.harmonia.server.reports.ReportFormat.HTML), java.nio.charset.StandardCharsets.UTF_8);
        String pdfText;
        try (var doc = org.apache.pdfbox.Loader.loadPDF(org.harmonia.server.reports.ReportRenderers.render(blinded,
                org.harmonia.server.reports.ReportFormat.PDF))) {
            pdfText = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
        }
        for (String word : BLINDED_WORDS) {
            assertThat(html).doesNotContain(word);
            assertThat(pdfText).doesNotContain(word);
        }
        assertThat(html).contains("All patients").contains("<img");
    }

    @Test
    void loadsInReasonableTime() {
        System.out.println("demo cohort: " + loaded);
        assertThat(loaded.millis()).isLessThan(120_000);
    }
}
