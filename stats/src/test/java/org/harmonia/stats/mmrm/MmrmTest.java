package org.harmonia.stats.mmrm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.data.DataTable;
import org.harmonia.stats.glm.Formula;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** MMRM fits checked against R; the R calls are in src/test/resources/r/mmrm/mmrm-reference.R. */
class MmrmTest {
    private static final DataTable ORTHODONT = MmrmReference.data("orthodont.csv");
    private static final DataTable EDSS = MmrmReference.data("edss.csv");

    private static MmrmSpec edss(CovarianceStructure structure) {
        return MmrmSpec.standard("edss", "subject", "week", "arm", "base", structure, Map.of("arm", "placebo"));
    }

    @ParameterizedTest
    @EnumSource(CovarianceStructure.class)
    void matchesGlsAndEmmeansOnOrthodont(CovarianceStructure structure) {
        // nlme::gls(distance ~ age * sex, Orthodont, correlation = corSymm | corCompSymm | corAR1, REML) and
        // emmeans(fit, ~ sex | age, mode = "satterthwaite")
        MmrmSpec spec = new MmrmSpec(Formula.parse("distance ~ age * sex"), "subject", "age", "sex", structure, Map.of());
        MmrmResult r = Mmrm.fit(ORTHODONT, spec);
        MmrmReference.load("orthodont-" + structure.code()).assertMatches(r);
        assertThat(r.visits()).containsExactly("8", "10", "12", "14");
        assertThat(r.armLevels()).containsExactly("Female", "Male");
    }

    @ParameterizedTest
    @EnumSource(CovarianceStructure.class)
    void matchesGlsAndEmmeansOnEdssWithMissingVisits(CovarianceStructure structure) {
        // nlme::gls(edss ~ week * arm + base, correlation = corSymm | corCompSymm | corAR1, REML), placebo the reference
        MmrmResult r = Mmrm.fit(EDSS, edss(structure));
        MmrmReference.load("edss-" + structure.code()).assertMatches(r);
    }

    @Test
    void averagesOtherFactorsAndHoldsCovariatesAtTheirMeanInLeastSquaresMeans() {
        // nlme::gls(edss ~ base + site + week * arm + base:week, corSymm + varIdent, REML); emmeans(fit, ~ arm | week)
        MmrmSpec spec = new MmrmSpec(Formula.parse("edss ~ base + site + week * arm + base:week"), "subject", "week", "arm",
                CovarianceStructure.UNSTRUCTURED, Map.of("arm", "placebo"));
        MmrmReference.load("edss-site-us").assertMatches(Mmrm.fit(EDSS, spec));
    }

    @Test
    void matchesGlsOnTwoPostBaselineVisitsAsTheMesemsPlanHasThem() {
        // weeks 24 and 48 only: gls(edss ~ week * arm + base, corSymm + varIdent, REML)
        Map<String, List<String>> cols = columns(EDSS);
        Map<String, List<String>> kept = new LinkedHashMap<>();
        cols.keySet().forEach(k -> kept.put(k, new ArrayList<>()));
        for (int i = 0; i < EDSS.rows(); i++) {
            String week = cols.get("week").get(i);
            if (week.equals("24") || week.equals("48")) {
                for (var e : cols.entrySet()) {
                    kept.get(e.getKey()).add(e.getValue().get(i));
                }
            }
        }
        MmrmReference.load("edss-24-48-us").assertMatches(Mmrm.fit(new DataTable("edss-24-48.csv", kept),
                edss(CovarianceStructure.UNSTRUCTURED)));
    }

    @Test
    void subjectsContributeTheVisitsTheyHaveAndASubjectWithoutBaselineIsLeftOut() {
        MmrmResult r = Mmrm.fit(EDSS, edss(CovarianceStructure.UNSTRUCTURED));
        long observedWithBaseline = 0;
        java.util.Set<String> contributing = new java.util.HashSet<>();
        String[] subject = EDSS.cells("subject");
        String[] edss = EDSS.cells("edss");
        String[] base = EDSS.cells("base");
        for (int i = 0; i < EDSS.rows(); i++) {
            if (!DataTable.isMissing(edss[i]) && !DataTable.isMissing(base[i])) {
                observedWithBaseline++;
                contributing.add(subject[i]);
            }
        }
        assertThat(r.observations()).isEqualTo((int) observedWithBaseline);
        assertThat(r.dropped()).isEqualTo(EDSS.rows() - r.observations()).isPositive();
        assertThat(r.subjects()).isEqualTo(contributing.size());
        assertThat(contributing).doesNotContain("P007");
    }

    @ParameterizedTest
    @EnumSource(CovarianceStructure.class)
    void theFitDoesNotDependOnWhereItStarts(CovarianceStructure structure) {
        MmrmResult usual = Mmrm.fit(EDSS, edss(structure));
        for (double scale : new double[] {1e-4, 1e4}) {
            MmrmResult far = Mmrm.fit(EDSS, edss(structure), scale);
            assertThat(far.logLik()).isCloseTo(usual.logLik(), Offset.offset(1e-8));
            for (int j = 0; j < usual.fixedEffects().size(); j++) {
                FixedEffect a = usual.fixedEffects().get(j);
                FixedEffect b = far.fixedEffects().get(j);
                assertThat(b.estimate()).as(a.term()).isCloseTo(a.estimate(), Offset.offset(1e-8 * Math.max(1, Math.abs(a.estimate()))));
                assertThat(b.df()).as(a.term()).isCloseTo(a.df(), Offset.offset(1e-6 * a.df()));
            }
        }
    }

    @Test
    void refusesTwoRowsForOneSubjectAtOneVisit() {
        Map<String, List<String>> cols = columns(EDSS);
        for (List<String> c : cols.values()) {
            c.add(c.get(0));
        }
        DataTable twice = new DataTable("twice.csv", cols);
        assertThatThrownBy(() -> Mmrm.fit(twice, edss(CovarianceStructure.UNSTRUCTURED)))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("subject \"P001\" has two rows at visit 12");
    }

    @Test
    void refusesAnUnstructuredCovarianceForVisitsNeverSeenTogether() {
        // weeks 12 and 48 only, each subject seen at one of them
        Map<String, List<String>> cols = new LinkedHashMap<>();
        cols.put("subject", new ArrayList<>());
        cols.put("week", new ArrayList<>());
        cols.put("y", new ArrayList<>());
        for (int s = 0; s < 10; s++) {
            cols.get("subject").add("S" + s);
            cols.get("week").add(s % 2 == 0 ? "12" : "48");
            cols.get("y").add(Double.toString(s * 0.7 % 3));
        }
        DataTable t = new DataTable("apart.csv", cols);
        MmrmSpec spec = MmrmSpec.standard("y", "subject", "week", null, null, CovarianceStructure.UNSTRUCTURED, Map.of());
        assertThatThrownBy(() -> Mmrm.fit(t, spec)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("no subject has both visit 12 and visit 48");
    }

    @Test
    void refusesAnUnknownColumnAndAnUnknownStructureNamingThem() {
        MmrmSpec spec = MmrmSpec.standard("edss", "patient", "week", "arm", "base", CovarianceStructure.AR1, Map.of());
        assertThatThrownBy(() -> Mmrm.fit(EDSS, spec)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("column \"patient\" not found");
        assertThatThrownBy(() -> CovarianceStructure.parse("toeplitz")).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("toeplitz").hasMessageContaining("us, cs, ar1");
    }

    @Test
    void refusesTheSubjectAsAFixedEffect() {
        assertThatThrownBy(() -> new MmrmSpec(Formula.parse("edss ~ week + subject"), "subject", "week", null,
                CovarianceStructure.COMPOUND_SYMMETRY, Map.of())).isInstanceOf(InvalidDataException.class);
    }

    private static Map<String, List<String>> columns(DataTable t) {
        Map<String, List<String>> cols = new LinkedHashMap<>();
        for (String n : t.names()) {
            cols.put(n, new ArrayList<>(List.of(t.cells(n))));
        }
        return cols;
    }
}
