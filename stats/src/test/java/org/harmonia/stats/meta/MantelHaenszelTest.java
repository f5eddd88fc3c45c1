package org.harmonia.stats.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.harmonia.stats.meta.MetaforReference.assertMatches;
import static org.harmonia.stats.meta.MetaforReference.value;

import java.util.List;
import org.harmonia.stats.InvalidDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MantelHaenszelTest {

    // R 4.2.2, metafor 3.8-1: rma.mh(ai, bi, ci, di, measure) with its defaults add = c(1/2, 0),
    // to = "only0", drop00 = c(TRUE, FALSE), correct = TRUE; dat.nielweise2007 has zero cells and one
    // double-zero study (Yucel 2004), which the Q test leaves out (k.yi = 17 of 18).
    @ParameterizedTest
    @CsvSource({"bcg,RR", "bcg,OR", "bcg,RD", "niel,RR", "niel,OR", "niel,RD", "msc,RR", "msc,OR"})
    void matchesRmaMh(String data, EffectMeasure measure) {
        String c = data + "." + measure + ".MH";
        MetaData d = MetaforReference.studies(data, measure, List.of());
        MhFit fit = MantelHaenszel.fit(d.studies().stream().map(Study::counts).toList(), measure);
        assertThat(fit.k()).isEqualTo((int) value(c, "k"));
        assertThat(fit.kEffects()).isEqualTo((int) value(c, "k.yi"));
        Coefficient b = fit.estimate();
        assertMatches(c, "beta", b.estimate());
        assertMatches(c, "se", b.se());
        assertMatches(c, "zval", b.statistic());
        assertMatches(c, "pval", b.p());
        assertMatches(c, "ci.lb", b.ciLow());
        assertMatches(c, "ci.ub", b.ciHigh());
        assertMatches(c, "QE", fit.heterogeneity().q());
        assertMatches(c, "QEp", fit.heterogeneity().p());
        assertMatches(c, "I2", fit.heterogeneity().i2());
        assertMatches(c, "H2", fit.heterogeneity().h2());
        assertMatches(c, "MH", fit.cmh() == null ? null : fit.cmh().statistic());
        assertMatches(c, "MHp", fit.cmh() == null ? null : fit.cmh().p());
        for (int i = 0; i < fit.k(); i++) {
            assertMatches(c, "weights[" + (i + 1) + "]", fit.weights().get(i));
        }
    }

    // R 4.2.2, metafor 3.8-1: regtest(rma.mh(...)) fits a common-effect model to the escalc effect sizes.
    @ParameterizedTest
    @CsvSource({"bcg,RR", "bcg,OR", "niel,OR", "niel,RR"})
    void matchesRegtestOfRmaMh(String data, EffectMeasure measure) {
        String c = data + "." + measure + ".MH";
        MetaData d = MetaforReference.studies(data, measure, List.of());
        MetaAnalysisResult r = MetaAnalysis.run(d, new MetaSpec(measure, MetaMethod.MH, MetaTest.Z, List.of(), null, true));
        assertMatches(c, "egger.zval", r.egger().statistic());
        assertMatches(c, "egger.pval", r.egger().p());
        assertMatches(c, "egger.est", r.egger().limitEstimate());
        assertMatches(c, "egger.ci.lb", r.egger().limitCiLow());
        assertMatches(c, "egger.ci.ub", r.egger().limitCiHigh());
    }

    @Test
    void showsNoEffectForDoubleZeroStudiesUnderMantelHaenszel() {
        MetaData d = MetaforReference.studies("niel", EffectMeasure.OR, List.of());
        MetaAnalysisResult r = MetaAnalysis.run(d, MetaSpec.pooled(EffectMeasure.OR, MetaMethod.MH, MetaTest.Z));
        StudyEffect yucel = r.studies().get(14);
        assertThat(yucel.study()).isEqualTo("Yucel");
        assertThat(yucel.yi()).isNull();
        assertThat(yucel.weight()).isZero();
        for (int i = 0; i < r.studies().size(); i++) {
            if (i != 14) {
                assertMatches("niel.OR.MH", "yi[" + (i + 1) + "]", r.studies().get(i).yi());
            }
        }
    }

    @Test
    void rejectsTablesWithoutAnyEventInOneArm() {
        List<TwoByTwo> tables = List.of(new TwoByTwo(0, 10, 2, 8), new TwoByTwo(0, 12, 1, 11));
        assertThatThrownBy(() -> MantelHaenszel.fit(tables, EffectMeasure.RR))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("no events in the treated group");
    }
}
