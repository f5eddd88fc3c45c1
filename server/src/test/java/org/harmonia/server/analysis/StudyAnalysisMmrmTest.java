package org.harmonia.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.harmonia.server.reports.ReportBlock;
import org.harmonia.stats.data.DataTable;
import org.harmonia.trial.subject.SubjectStatus;
import org.junit.jupiter.api.Test;

/**
 * The MESEMS plan's EDSS mixed model (SECONDARY-EDSS-MMRM) run by the report on the simulated EDSS-like trial of
 * stats' R reference, its arms standing for the two sequences: R 4.2.2, nlme 3.1-162, emmeans 1.8.4-1,
 * {@code gls(edss ~ week * arm + base, corSymm + varIdent, REML)} on weeks 24 and 48, placebo the reference
 * (stats/src/test/resources/r/mmrm/edss-24-48-us.ref).
 */
class StudyAnalysisMmrmTest {

    private static TrialSnapshot snapshot(boolean unblinded) throws Exception {
        DataTable d;
        try (var in = new InputStreamReader(StudyAnalysisMmrmTest.class.getResourceAsStream("/stats/edss.csv"),
                StandardCharsets.UTF_8)) {
            d = DataTable.readCsv("edss.csv", in);
        }
        Map<String, Map<String, Map<String, Map<String, String>>>> formsBySubject = new java.util.LinkedHashMap<>();
        Map<String, String> sequence = new HashMap<>();
        for (int i = 0; i < d.rows(); i++) {
            String subject = d.cells("subject")[i];
            var forms = formsBySubject.computeIfAbsent(subject, k -> new HashMap<>());
            sequence.put(subject, d.cells("arm")[i].equals("MSC") ? "MSC-PLACEBO" : "PLACEBO-MSC");
            forms.computeIfAbsent("W0", k -> new HashMap<>()).put("treatment_administration", Map.of("route", "intravenous"));
            // scans at the primary visits put every patient in the full analysis set
            for (String visit : List.of("W0", "W4", "W12", "W24")) {
                forms.computeIfAbsent(visit, k -> new HashMap<>()).put("mri", Map.of("gel_count", "1"));
            }
            if (!DataTable.isMissing(d.cells("base")[i])) {
                forms.get("W0").put("edss", Map.of("edss", d.cells("base")[i]));
            }
            String week = d.cells("week")[i];
            String edss = d.cells("edss")[i];
            if ((week.equals("24") || week.equals("48")) && !DataTable.isMissing(edss)) {
                forms.computeIfAbsent("W" + week, k -> new HashMap<>()).put("edss", Map.of("edss", edss));
            }
        }
        List<SubjectData> subjects = new ArrayList<>();
        formsBySubject.forEach((subject, forms) -> subjects.add(new SubjectData(subject, "01", "italy", SubjectStatus.RANDOMISED,
                LocalDate.of(2015, 1, 1), Map.of("sex", "female"), List.of(), null, true, true,
                unblinded ? sequence.get(subject) : null, forms, List.of(), null)));
        return new TrialSnapshot("mesems", "1.2", StudyAnalysisGoldenTest.MESEMS.sha256(), Instant.parse("2026-01-01T00:00:00Z"),
                unblinded, subjects, 100);
    }

    @Test
    void theEdssMixedModelOfThePlanEqualsGlsAndEmmeansInR() throws Exception {
        StudyResults r = new StudyAnalysis(StudyAnalysisGoldenTest.MESEMS, snapshot(true)).run();
        StudyResults.RepeatedMeasures m = r.repeatedMeasures();
        assertThat(m.notEstimable()).isNull();
        assertThat(m.analysisId()).isEqualTo("SECONDARY-EDSS-MMRM");
        assertThat(m.formula()).isEqualTo("y ~ visit * group + baseline");
        assertThat(m.rows()).extracting(StudyResults.RepeatedMeasuresRow::visit).containsExactly("W24", "W48");
        StudyResults.RepeatedMeasuresRow w48 = m.rows().get(1);
        assertThat(w48.byGroup().get("PLACEBO-MSC"))
                .isEqualTo(String.format(Locale.ROOT, "%.2f (%.2f)", 4.7982502793551767, 0.097921479677127748));
        assertThat(w48.byGroup().get("MSC-PLACEBO"))
                .isEqualTo(String.format(Locale.ROOT, "%.2f (%.2f)", 4.5730808181392062, 0.092278979523926302));
        assertThat(w48.comparison()).contains(String.format(Locale.ROOT, "%.2f (95%% CI %.2f to %.2f), df %.1f, p=%.3f",
                -0.22516946121597031, -0.49144668653216267, 0.041107764100222044, 130.73218193804925, 0.096744124185008995));
    }

    @Test
    void aBlindedReportShowsPooledMeansAndNoComparison() throws Exception {
        TrialSnapshot blinded = snapshot(false);
        StudyAnalysis analysis = new StudyAnalysis(StudyAnalysisGoldenTest.MESEMS, blinded);
        StudyResults r = analysis.run();
        StudyResults.RepeatedMeasures m = r.repeatedMeasures();
        assertThat(m.formula()).isEqualTo("y ~ visit + baseline");
        assertThat(m.notEstimable()).isNull();
        assertThat(m.rows()).hasSize(2).allSatisfy(row -> {
            assertThat(row.byGroup()).containsOnlyKeys(StudyAnalysis.ALL);
            assertThat(row.comparison()).isNull();
        });
        List<ReportBlock> blocks = new ReportBuilder(StudyAnalysisGoldenTest.MESEMS, r, analysis, "test").build().blocks();
        ReportBlock.Table table = blocks.stream().filter(b -> b instanceof ReportBlock.Table t && t.id().equals("mmrm"))
                .map(b -> (ReportBlock.Table) b).findFirst().orElseThrow();
        assertThat(String.join(" ", table.header())).doesNotContain("MSC-PLACEBO", "PLACEBO-MSC", "Comparison");
        assertThat(table.rows().toString()).doesNotContain("MSC", "PLACEBO");
    }

    @Test
    void thePlansCovarianceChoiceIsTheOneTheReportFits() throws Exception {
        // R 4.2.2, nlme 3.1-162, emmeans 1.8.4-1: gls(..., correlation = corCompSymm) (stats' edss-24-48-cs.ref)
        String text = java.nio.file.Files.readString(java.nio.file.Path.of("..", "protocols", "mesems.yaml"));
        String anchor = "      method: mmrm\n";
        assertThat(text).contains(anchor);
        org.harmonia.trial.protocol.Protocol cs = new org.harmonia.trial.protocol.ProtocolLoader().load("mesems.yaml",
                text.replace(anchor, anchor + "      covariance: compound-symmetry\n"));
        TrialSnapshot s = snapshot(true);
        StudyAnalysis analysis = new StudyAnalysis(cs, new TrialSnapshot(s.studyId(), s.protocolVersion(), cs.sha256(), s.takenAt(),
                true, s.subjects(), s.formRecords()));
        StudyResults r = analysis.run();
        StudyResults.RepeatedMeasuresRow w48 = r.repeatedMeasures().rows().get(1);
        assertThat(w48.byGroup().get("PLACEBO-MSC"))
                .isEqualTo(String.format(Locale.ROOT, "%.2f (%.2f)", 4.7939570804020661, 0.088523878388993033));
        assertThat(w48.byGroup().get("MSC-PLACEBO"))
                .isEqualTo(String.format(Locale.ROOT, "%.2f (%.2f)", 4.5716413488370948, 0.083314895585758178));
        assertThat(w48.comparison()).contains(String.format(Locale.ROOT, "%.2f (95%% CI", -0.2223157315649717), "df 228.1");
        List<ReportBlock> blocks = new ReportBuilder(cs, r, analysis, "test").build().blocks();
        ReportBlock.Table table = blocks.stream().filter(b -> b instanceof ReportBlock.Table t && t.id().equals("mmrm"))
                .map(b -> (ReportBlock.Table) b).findFirst().orElseThrow();
        assertThat(table.footnotes().get(0)).contains("(compound symmetry covariance across visits, REML");
        // the protocol as it stands keeps the unstructured covariance
        assertThat(StudyAnalysisGoldenTest.MESEMS.analysis().analysis("SECONDARY-EDSS-MMRM").orElseThrow().covariance())
                .isEqualTo(org.harmonia.stats.mmrm.CovarianceStructure.UNSTRUCTURED);
    }
}
