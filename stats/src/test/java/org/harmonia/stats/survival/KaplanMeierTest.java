package org.harmonia.stats.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.harmonia.stats.survival.RReference.assertMatches;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.harmonia.stats.InvalidDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Kaplan–Meier against R 4.2.2, survival 3.5-3: {@code survfit(Surv(time, status) ~ group, conf.type = ...)}. */
class KaplanMeierTest {

    static Stream<Arguments> survfitCases() {
        return Stream.of(
                Arguments.of("aml", "log", "aml", "time", "status", "x"),
                Arguments.of("aml", "log-log", "aml", "time", "status", "x"),
                Arguments.of("aml", "plain", "aml", "time", "status", "x"),
                Arguments.of("aml_pooled", "log", "aml", "time", "status", null),
                Arguments.of("lung_sex", "log", "lung", "time", "status", "sex"),
                Arguments.of("lung_ecog", "log", "lung", "time", "status", "ph.ecog"),
                Arguments.of("veteran_celltype", "log", "veteran", "time", "status", "celltype"),
                Arguments.of("ovarian_rx", "log", "ovarian", "futime", "fustat", "rx"),
                Arguments.of("ties", "log", "ties", "time", "status", "arm"),
                Arguments.of("ties", "log-log", "ties", "time", "status", "arm"),
                Arguments.of("allcensored", "log", "allcensored", "time", "status", "arm"),
                Arguments.of("tiny", "log", "tiny", "time", "status", "arm"),
                Arguments.of("onetime", "log", "onetime", "time", "status", "arm"),
                Arguments.of("flat", "log", "flat", "time", "status", "arm"),
                Arguments.of("flat", "plain", "flat", "time", "status", "arm"),
                Arguments.of("relapse", "log", "relapse", "months", "relapse", "arm"));
    }

    @ParameterizedTest(name = "{0} conf.type={1}")
    @MethodSource("survfitCases")
    void matchesSurvfit(String reference, String confType, String dataset, String time, String status, String group) {
        SurvivalData data = SurvivalData.fromTable(RReference.data(dataset), time, status, group, List.of());
        KaplanMeierFit fit = KaplanMeier.fit(data, ConfType.parse(confType), 0.95);
        assertMatchesReference(fit, reference, confType);
    }

    /** Compares every step, the print.survfit median and the quantile.survfit quartiles with the R output. */
    static void assertMatchesReference(KaplanMeierFit fit, String reference, String confType) {
        var steps = RReference.rows("km.csv", RReference.where("case", reference).and(RReference.where("conf_type", confType)));
        int[] next = new int[fit.curves().size()];
        for (Map<String, String> row : steps) {
            KaplanMeierCurve curve = curveFor(fit, row.get("strata"));
            KaplanMeierStep s = curve.steps().get(next[fit.curves().indexOf(curve)]++);
            String at = reference + " " + row.get("strata") + " t=" + row.get("time") + " ";
            assertMatches(at + "time", row.get("time"), s.time());
            assertThat(s.nRisk()).as(at + "n.risk").isEqualTo(Integer.parseInt(row.get("n_risk")));
            assertThat(s.nEvent()).as(at + "n.event").isEqualTo(Integer.parseInt(row.get("n_event")));
            assertThat(s.nCensor()).as(at + "n.censor").isEqualTo(Integer.parseInt(row.get("n_censor")));
            assertMatches(at + "surv", row.get("surv"), s.survival());
            assertMatches(at + "std.err", row.get("std_err"), s.seLogSurvival());
            assertMatches(at + "se(S)", row.get("se_surv"), s.se());
            assertMatches(at + "lower", row.get("lower"), s.ciLow());
            assertMatches(at + "upper", row.get("upper"), s.ciHigh());
        }
        for (int c = 0; c < next.length; c++) {
            assertThat(next[c]).as("steps of " + fit.curves().get(c).group()).isEqualTo(fit.curves().get(c).steps().size());
        }
        var medians = RReference.rows("km_median.csv",
                RReference.where("case", reference).and(RReference.where("conf_type", confType)));
        assertThat(medians).hasSize(fit.curves().size());
        for (Map<String, String> row : medians) {
            KaplanMeierCurve curve = curveFor(fit, row.get("strata"));
            String at = reference + " " + row.get("strata") + " ";
            assertThat(curve.n()).as(at + "records").isEqualTo(Integer.parseInt(row.get("records")));
            assertThat(curve.events()).as(at + "events").isEqualTo(Integer.parseInt(row.get("events")));
            assertMatches(at + "median", row.get("median"), curve.median().time());
            assertMatches(at + "median LCL", row.get("lcl"), curve.median().ciLow());
            assertMatches(at + "median UCL", row.get("ucl"), curve.median().ciHigh());
            String[] names = {"q25", "q50", "q75"};
            for (int q = 0; q < 3; q++) {
                SurvivalQuantile quantile = curve.quantiles().get(q);
                assertMatches(at + names[q], row.get(names[q]), quantile.time());
                assertMatches(at + names[q] + " lower", row.get(names[q] + "_lower"), quantile.ciLow());
                assertMatches(at + names[q] + " upper", row.get(names[q] + "_upper"), quantile.ciHigh());
            }
        }
    }

    /** R drops the strata label when only one group is present; the single curve is then the one meant. */
    private static KaplanMeierCurve curveFor(KaplanMeierFit fit, String strata) {
        return strata.isEmpty() ? fit.curves().get(0) : fit.curve(strata);
    }

    @Test
    void medianOnFlatSegmentDiffersBetweenPrintAndQuantile() {
        // R: print(survfit) gives median 2 for arm A, quantile(survfit, 0.5) gives 3 (curve ends at exactly 0.5)
        SurvivalData data = SurvivalData.fromTable(RReference.data("flat"), "time", "status", "arm", List.of());
        KaplanMeierCurve a = KaplanMeier.fit(data, ConfType.LOG, 0.95).curve("A");
        assertThat(a.median().time()).isEqualTo(2.0);
        assertThat(a.quantiles().get(1).time()).isEqualTo(3.0);
    }

    @Test
    void withoutCensoringEqualsTheEmpiricalSurvivalFunction() {
        Random random = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(60);
            double[] time = new double[n];
            double[] status = new double[n];
            for (int i = 0; i < n; i++) {
                // coarse times so that ties are common
                time[i] = random.nextInt(25) + (random.nextBoolean() ? 0.5 : 0);
                status[i] = 1;
            }
            KaplanMeierCurve curve = KaplanMeier.fit(SurvivalData.of(time, status, null), ConfType.LOG, 0.95)
                    .curves().get(0);
            for (KaplanMeierStep step : curve.steps()) {
                long atOrBefore = Arrays.stream(time).filter(t -> t <= step.time()).count();
                assertThat(step.survival()).isCloseTo(1 - atOrBefore / (double) n,
                        org.assertj.core.api.Assertions.within(1e-12));
                assertThat(step.nRisk()).isEqualTo(Arrays.stream(time).filter(t -> t >= step.time()).count());
            }
            assertThat(curve.steps()).hasSize((int) Arrays.stream(time).distinct().count());
        }
    }

    @Test
    void readsStatusCodedOneTwoAsInLung() {
        SurvivalData data = SurvivalData.fromTable(RReference.data("lung"), "time", "status", null, List.of());
        // R 4.2.2, survival 3.5-3: sum(lung$status == 2) is 165
        assertThat(data.events()).isEqualTo(165);
    }

    @Test
    void rejectsNegativeTimes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SurvivalData.of(new double[] {3, -1},
                new double[] {1, 0}, null)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("row 2").hasMessageContaining("negative");
    }

    @Test
    void rejectsStatusOtherThanZeroOneOrOneTwo() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SurvivalData.of(new double[] {3, 4, 5},
                new double[] {0, 1, 3}, null)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("row 3").hasMessageContaining("status 3");
    }

    @Test
    void dropsAndCountsRowsWithMissingValues() {
        SurvivalData data = SurvivalData.of(new double[] {3, Double.NaN, 5, 6}, new double[] {1, 1, Double.NaN, 0},
                new String[] {"A", "B", "B", null});
        assertThat(data.size()).isEqualTo(1);
        assertThat(data.droppedMissing()).isEqualTo(3);
    }

    @Test
    void rejectsAnUnknownConfidenceIntervalType() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfType.parse("arcsine"))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("log-log");
    }
}
