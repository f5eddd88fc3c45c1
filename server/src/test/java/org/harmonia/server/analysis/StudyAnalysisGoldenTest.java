package org.harmonia.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.stats.data.DataTable;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolLoader;
import org.harmonia.trial.subject.SubjectStatus;
import org.junit.jupiter.api.Test;

/**
 * The MESEMS primary analysis on a small fixed cohort, against R: {@code glm.nb(y ~ sequence + baseline +
 * factor(subTrial) + offset(log(scans)))} (R 4.2.2, MASS 7.3-58.2; script and output in
 * src/test/resources/r/analysis/).
 */
class StudyAnalysisGoldenTest {
    static final Protocol MESEMS = new ProtocolLoader().load(Path.of("..", "protocols", "mesems.yaml"));

    static DataTable csv(String name) throws Exception {
        try (var in = new InputStreamReader(StudyAnalysisGoldenTest.class.getResourceAsStream("/r/analysis/" + name), StandardCharsets.UTF_8)) {
            return DataTable.readCsv(name, in);
        }
    }

    static TrialSnapshot snapshot(boolean unblinded) throws Exception {
        DataTable d = csv("primary-data.csv");
        List<SubjectData> subjects = new ArrayList<>();
        for (int i = 0; i < d.rows(); i++) {
            Map<String, Map<String, Map<String, String>>> forms = new HashMap<>();
            forms.computeIfAbsent("W0", k -> new HashMap<>()).put("treatment_administration", Map.of("route", "intravenous"));
            for (String visit : List.of("W0", "W4", "W12", "W24")) {
                String v = d.cells(visit)[i];
                if (!v.isEmpty()) {
                    forms.computeIfAbsent(visit, k -> new HashMap<>()).put("mri", Map.of("gel_count", v));
                }
            }
            subjects.add(new SubjectData(d.cells("subject")[i], "01", d.cells("subTrial")[i], SubjectStatus.RANDOMISED,
                    LocalDate.of(2015, 1, 1), Map.of("sex", "female"), List.of(), null, true, true,
                    unblinded ? d.cells("sequence")[i] : null, forms, List.of(), null));
        }
        return new TrialSnapshot("mesems", "1.0", MESEMS.sha256(), Instant.parse("2026-01-01T00:00:00Z"), unblinded, subjects, 100);
    }

    static Map<String, Double> expected() throws Exception {
        DataTable e = csv("primary-expected.csv");
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < e.rows(); i++) {
            out.put(e.cells("quantity")[i], Double.valueOf(e.cells("value")[i]));
        }
        return out;
    }

    @Test
    void primaryRateRatioEqualsGlmNbInR() throws Exception {
        StudyResults r = new StudyAnalysis(MESEMS, snapshot(true)).run();
        StudyResults.Efficacy e = r.primary();
        Map<String, Double> ref = expected();
        assertThat(e.notEstimable()).isNull();
        assertThat(e.n()).isEqualTo(ref.get("n").intValue());
        assertThat(e.rateRatio()).isCloseTo(ref.get("rateRatio"), within(1e-6 * ref.get("rateRatio")));
        assertThat(e.ciLow()).isCloseTo(ref.get("ciLow"), within(1e-6 * ref.get("ciLow")));
        assertThat(e.ciHigh()).isCloseTo(ref.get("ciHigh"), within(1e-6 * ref.get("ciHigh")));
        assertThat(e.p()).isCloseTo(ref.get("p"), within(1e-6 * ref.get("p")));
        assertThat(e.theta()).isCloseTo(ref.get("theta"), within(1e-6 * ref.get("theta")));
        assertThat(e.formula()).isEqualTo("y ~ sequence + baseline + factor(subTrial) + offset(log(scans))");
        assertThat(e.nByGroup()).containsEntry("MSC-PLACEBO", 12).containsEntry("PLACEBO-MSC", 12);
    }

    /** MESEMS with the primary analysis' test replaced by the given plan lines. */
    static Protocol mesemsWithTest(String lines) throws Exception {
        String text = java.nio.file.Files.readString(Path.of("..", "protocols", "mesems.yaml"));
        String anchor = "      covariates: [baseline, subTrial]\n";
        assertThat(text).contains(anchor);
        return new ProtocolLoader().load("mesems.yaml", text.replaceFirst(java.util.regex.Pattern.quote(anchor), anchor + lines));
    }

    static Map<String, Double> inferenceExpected() throws Exception {
        DataTable e = csv("primary-inference-expected.csv");
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < e.rows(); i++) {
            out.put(e.cells("quantity")[i], Double.valueOf(e.cells("value")[i]));
        }
        return out;
    }

    @Test
    void planChoosingTheLikelihoodRatioTestGivesAnovaPAndProfileInterval() throws Exception {
        // R 4.2.2, MASS 7.3-58.2: anova(glm.nb without sequence, glm.nb with it); profile roots (primary-inference.R)
        Protocol lrt = mesemsWithTest("      test: lrt\n");
        StudyResults.Efficacy e = new StudyAnalysis(lrt, snapshot(true)).run().primary();
        Map<String, Double> ref = inferenceExpected();
        assertThat(e.notEstimable()).isNull();
        assertThat(e.p()).isCloseTo(ref.get("lrtP"), within(1e-6 * ref.get("lrtP")));
        assertThat(e.ciLow()).isCloseTo(ref.get("lrtCiLow"), within(1e-6 * ref.get("lrtCiLow")));
        assertThat(e.ciHigh()).isCloseTo(ref.get("lrtCiHigh"), within(1e-6 * ref.get("lrtCiHigh")));
        assertThat(e.rateRatio()).isCloseTo(expected().get("rateRatio"), within(1e-6));
        assertThat(ReportBuilder.testSentence(e.inference())).contains("likelihood-ratio", "profile-likelihood");
    }

    @Test
    void planChoosingTheRobustTestGivesSandwichHc3Interval() throws Exception {
        // R 4.2.2, sandwich 3.0-2: vcovHC(glm.nb(...), type = "HC3") (primary-inference.R)
        Protocol robust = mesemsWithTest("      test: robust\n");
        StudyResults.Efficacy e = new StudyAnalysis(robust, snapshot(true)).run().primary();
        Map<String, Double> ref = inferenceExpected();
        assertThat(e.p()).isCloseTo(ref.get("hc3P"), within(1e-6 * ref.get("hc3P")));
        assertThat(e.ciLow()).isCloseTo(ref.get("hc3CiLow"), within(1e-6 * ref.get("hc3CiLow")));
        assertThat(e.ciHigh()).isCloseTo(ref.get("hc3CiHigh"), within(1e-6 * ref.get("hc3CiHigh")));
        assertThat(ReportBuilder.testSentence(e.inference())).contains("robust (sandwich, HC3)");
    }

    @Test
    void planChoosingTheRerandomisationTestReRunsTheBlocksInTheOrderOfRandomisation() throws Exception {
        // R 4.2.2, MASS 7.3-58.2: anova(m0, m1, test = "Rao", dispersion = 1), theta of glm.nb without sequence held
        Protocol rerandomised = mesemsWithTest("      test: rerandomisation\n      rerandomisations: 2000\n      seed: 11\n");
        TrialSnapshot s = snapshot(true);
        TrialSnapshot ordered = s.withRandomisationOrder(s.subjects().stream().map(SubjectData::id).toList());
        StudyResults.Efficacy e = new StudyAnalysis(rerandomised, ordered).run().primary();
        Map<String, Double> ref = inferenceExpected();
        assertThat(e.notEstimable()).isNull();
        var t = e.rerandomisation();
        assertThat(t.statistic()).isCloseTo(ref.get("scoreStatistic"), within(1e-8 * ref.get("scoreStatistic")));
        assertThat(t.scoreP()).isCloseTo(ref.get("scoreP"), within(1e-8 * ref.get("scoreP")));
        assertThat(t.rerandomisations()).isEqualTo(2000);
        assertThat(t.seed()).isEqualTo(11);
        assertThat(e.p()).isEqualTo(t.p()).isEqualTo((t.atLeastAsExtreme() + 1) / 2001.0);
        // the interval stays Wald's
        assertThat(e.rateRatio()).isCloseTo(expected().get("rateRatio"), within(1e-6));
        assertThat(e.ciLow()).isCloseTo(expected().get("ciLow"), within(1e-6 * expected().get("ciLow")));
        assertThat(new StudyAnalysis(rerandomised, ordered).run().primary().rerandomisation()).as("the same seed").isEqualTo(t);
        assertThat(ReportBuilder.testSentence(e.inference())).contains("re-randomisation test", "2,000 times (seed 11)",
                "order of randomisation", "score statistic");
        // without the order of randomisation the test cannot be run, and the report says so
        StudyResults.Efficacy without = new StudyAnalysis(rerandomised, s).run().primary();
        assertThat(without.p()).isNull();
        assertThat(without.notEstimable()).contains("order in which the subjects were randomised");
    }

    @Test
    void theMethodsStateTheSimulatedLevelAndPowerOfThePlannedTest() throws Exception {
        StudyAnalysis analysis = new StudyAnalysis(MESEMS, snapshot(false));
        StudyResults r = analysis.run();
        StudyResults.SimulatedLevel level = r.primary().simulated();
        assertThat(level.trials()).isEqualTo(400);
        assertThat(level.seed()).isEqualTo(1);
        assertThat(level.typeIError()).isBetween(level.typeIErrorCiLow(), level.typeIErrorCiHigh());
        // the Wald test of the MESEMS plan is liberal (docs/simulation.md); 400 trials bound it loosely
        assertThat(level.typeIError()).isBetween(0.03, 0.11);
        assertThat(level.power()).isBetween(0.6, 0.9);
        String text = new ReportBuilder(MESEMS, r, analysis, "test").build().blocks().stream()
                .filter(b -> b instanceof org.harmonia.server.reports.ReportBlock.Paragraph).map(b -> ((org.harmonia.server.reports.ReportBlock.Paragraph) b).text())
                .filter(p -> p.contains("Simulated operating characteristics")).findFirst().orElseThrow();
        assertThat(text).contains("of the planned test (wald)", "from 400 trials simulated under the protocol (144 patients",
                "seed 1", String.format(java.util.Locale.ROOT, "type I error %.3f", level.typeIError()));
        assertThat(SimulatedOperatingCharacteristics.of(MESEMS, MESEMS.analysis().analysis("PRIMARY-EFFICACY").orElseThrow().inference()))
                .as("kept for the next report").isSameAs(level);
    }

    @Test
    void mesemsKeepsTheWaldTest() {
        assertThat(MESEMS.analysis().analysis("PRIMARY-EFFICACY").orElseThrow().inference())
                .isEqualTo(org.harmonia.stats.glm.Inference.WALD);
    }

    @Test
    void fullAnalysisSetNeedsTreatmentBaselineAndAFollowUpScan() throws Exception {
        TrialSnapshot s = snapshot(true);
        List<SubjectData> changed = new ArrayList<>(s.subjects());
        SubjectData first = changed.get(0);
        changed.set(0, new SubjectData(first.id(), first.siteId(), first.subTrialId(), first.status(), first.screeningDate(),
                first.screening(), List.of(), null, true, true, first.sequenceId(), Map.of("W0", Map.of("mri", Map.of("gel_count", "1"))),
                List.of(), first.dayZero()));
        StudyResults r = new StudyAnalysis(MESEMS, new TrialSnapshot("mesems", "1.0", MESEMS.sha256(), s.takenAt(), true, changed, 1)).run();
        assertThat(r.primary().n()).isEqualTo(23);
        assertThat(r.consort().fullAnalysisSet().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(23);
    }

    @Test
    void aBlindedAnalysisPoolsAndComparesNothing() throws Exception {
        StudyResults r = new StudyAnalysis(MESEMS, snapshot(false)).run();
        assertThat(r.groups()).containsExactly(StudyAnalysis.ALL);
        assertThat(r.primary().rateRatio()).isNull();
        assertThat(r.forest()).isEmpty();
        assertThat(r.crossover()).isNull();
        assertThat(r.consort().randomised()).containsExactly(Map.entry("All", 24));
    }
}
