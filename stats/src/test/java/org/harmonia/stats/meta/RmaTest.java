package org.harmonia.stats.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.harmonia.stats.meta.MetaforReference.assertMatches;
import static org.harmonia.stats.meta.MetaforReference.value;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.NoConvergenceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RmaTest {

    static Stream<String> pooledCases() {
        List<String> cases = new ArrayList<>();
        for (String data : List.of("bcg.RR", "bcg.OR", "bcg.RD", "niel.RR", "niel.OR", "niel.RD", "msc.RR", "msc.OR")) {
            for (String fit : List.of("FE.z", "DL.z", "DL.knha", "REML.z", "REML.knha")) {
                cases.add(data + "." + fit);
            }
        }
        return cases.stream();
    }

    // R 4.2.2, metafor 3.8-1: rma(yi, vi, data = escalc(...), method, test) and predict() of it, on dat.bcg,
    // dat.nielweise2007 and the illustrative MSC adverse-event trials (see r/meta/meta_reference.R).
    @ParameterizedTest
    @MethodSource("pooledCases")
    void matchesRmaPooledEstimate(String c) {
        RmaFit fit = fitPooled(c);
        assertCoefficientsMatch(c, fit);
        assertHeterogeneityMatches(c, fit);
        assertMatches(c, "pi.lb", fit.piLow());
        assertMatches(c, "pi.ub", fit.piHigh());
        assertThat(fit.moderators()).isNull();
    }

    // R 4.2.2, metafor 3.8-1: regtest(rma(yi, vi, method, test)), predictor "sei".
    @ParameterizedTest
    @MethodSource("pooledCases")
    void matchesRegtestEgger(String c) {
        String[] parts = c.split("\\.");
        MetaData d = MetaforReference.studies(parts[0], EffectMeasure.parse(parts[1]), List.of());
        EggerTest e = Egger.test(MetaforReference.yi(d), MetaforReference.vi(d), MetaMethod.parse(parts[2]),
                MetaTest.parse(parts[3]));
        assertMatches(c, "egger.zval", e.statistic());
        assertMatches(c, "egger.pval", e.p());
        assertMatches(c, "egger.est", e.limitEstimate());
        assertMatches(c, "egger.ci.lb", e.limitCiLow());
        assertMatches(c, "egger.ci.ub", e.limitCiHigh());
        assertMatches(c, "egger.ddf", e.df() == null ? null : e.df().doubleValue());
    }

    static Stream<String> regressionCases() {
        return Stream.of("bcg.RR.REML.z.mods.ablat+year", "bcg.RR.REML.knha.mods.ablat+year",
                "bcg.RR.DL.z.mods.ablat+year", "bcg.RR.FE.z.mods.ablat+year", "bcg.RR.REML.z.mods.alloc",
                "bcg.RR.REML.z.mods.ablat+alloc", "msc.RR.REML.z.mods.cells+doses", "msc.OR.REML.z.mods.cells+doses");
    }

    // R 4.2.2, metafor 3.8-1: rma(yi, vi, mods = ~ ablat + year, ...), mods = ~ alloc (character column, levels
    // alternate/random/systematic), mods = ~ ablat + alloc, and mods = ~ cells + doses on the MSC trials.
    @ParameterizedTest
    @MethodSource("regressionCases")
    void matchesRmaMetaRegression(String c) {
        String[] parts = c.split("\\.");
        List<String> mods = Arrays.asList(parts[5].split("\\+"));
        MetaData d = MetaforReference.studies(parts[0], EffectMeasure.parse(parts[1]), mods);
        RmaFit fit = Rma.fit(MetaforReference.yi(d), MetaforReference.vi(d), Moderators.design(d.studies(), mods),
                MetaMethod.parse(parts[2]), MetaTest.parse(parts[3]));
        assertCoefficientsMatch(c, fit);
        assertHeterogeneityMatches(c, fit);
        assertMatches(c, "QM", fit.moderators().statistic());
        assertMatches(c, "QMdf[1]", fit.moderators().df1());
        assertMatches(c, "QMdf[2]", fit.moderators().df2() == null ? null : fit.moderators().df2().doubleValue());
        assertMatches(c, "QMp", fit.moderators().p());
        assertMatches(c, "R2", fit.r2());
    }

    @Test
    void namesCategoricalCoefficientsAsR() {
        MetaData d = MetaforReference.studies("bcg", EffectMeasure.RR, List.of("ablat", "alloc"));
        DesignMatrix x = Moderators.design(d.studies(), List.of("ablat", "alloc"));
        assertThat(x.columns()).containsExactly("intrcpt", "ablat", "allocrandom", "allocsystematic");
    }

    @Test
    void reportsFisherScoringIterationsForReml() {
        RmaFit fit = fitPooled("bcg.RR.REML.z");
        assertThat(fit.iterations()).isPositive();
        assertThat(fitPooled("bcg.RR.DL.z").iterations()).isNull();
    }

    @Test
    void failsWithTheIterationCountWhenRemlDoesNotConverge() {
        MetaData d = MetaforReference.studies("bcg", EffectMeasure.RR, List.of());
        assertThatThrownBy(() -> Rma.fit(MetaforReference.yi(d), MetaforReference.vi(d),
                DesignMatrix.interceptOnly(d.studies().size()), MetaMethod.REML, MetaTest.Z, 1))
                .isInstanceOf(NoConvergenceException.class)
                .hasMessageContaining("REML")
                .hasMessageContaining("after 1 iterations");
    }

    @Test
    void rejectsASingleStudy() {
        assertThatThrownBy(() -> Rma.fit(new double[] {0.1}, new double[] {0.2}, DesignMatrix.interceptOnly(1),
                MetaMethod.DL, MetaTest.Z))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("at least 2 studies");
    }

    @Test
    void rejectsCollinearModerators() {
        MetaData d = MetaforReference.studies("bcg", EffectMeasure.RR, List.of("ablat"));
        double[] ablat = d.studies().stream().mapToDouble(s -> Double.parseDouble(s.covariates().get("ablat"))).toArray();
        double[] twice = Arrays.stream(ablat).map(a -> 2 * a + 1).toArray();
        DesignMatrix x = DesignMatrix.interceptOnly(ablat.length).withColumn("ablat", ablat).withColumn("twice", twice);
        assertThatThrownBy(() -> Rma.fit(MetaforReference.yi(d), MetaforReference.vi(d), x, MetaMethod.REML, MetaTest.Z))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("linearly dependent");
    }

    @Test
    void rejectsMoreCoefficientsThanStudiesAllow() {
        DesignMatrix x = DesignMatrix.interceptOnly(2).withColumn("x", new double[] {1, 2});
        assertThatThrownBy(() -> Rma.fit(new double[] {0.1, 0.3}, new double[] {0.1, 0.2}, x, MetaMethod.FE, MetaTest.Z))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("needs more than 2 studies");
    }

    static RmaFit fitPooled(String c) {
        String[] parts = c.split("\\.");
        MetaData d = MetaforReference.studies(parts[0], EffectMeasure.parse(parts[1]), List.of());
        return Rma.fit(MetaforReference.yi(d), MetaforReference.vi(d), DesignMatrix.interceptOnly(d.studies().size()),
                MetaMethod.parse(parts[2]), MetaTest.parse(parts[3]));
    }

    static void assertCoefficientsMatch(String c, RmaFit fit) {
        assertThat(fit.k()).isEqualTo((int) value(c, "k"));
        assertThat(fit.p()).isEqualTo((int) value(c, "p"));
        for (int j = 0; j < fit.p(); j++) {
            Coefficient b = fit.coefficients().get(j);
            String i = "[" + (j + 1) + "]";
            assertMatches(c, "beta" + i, b.estimate());
            assertMatches(c, "se" + i, b.se());
            assertMatches(c, "zval" + i, b.statistic());
            assertMatches(c, "pval" + i, b.p());
            assertMatches(c, "ci.lb" + i, b.ciLow());
            assertMatches(c, "ci.ub" + i, b.ciHigh());
        }
        assertMatches(c, "ddf", fit.df() == null ? null : fit.df().doubleValue());
        for (int i = 0; i < fit.k(); i++) {
            assertMatches(c, "weights[" + (i + 1) + "]", fit.weights().get(i));
        }
    }

    static void assertHeterogeneityMatches(String c, RmaFit fit) {
        Heterogeneity h = fit.heterogeneity();
        assertMatches(c, "tau2", h.tau2());
        assertMatches(c, "se.tau2", h.tau2Se());
        assertMatches(c, "QE", h.q());
        assertMatches(c, "QEp", h.p());
        assertMatches(c, "I2", h.i2());
        assertMatches(c, "H2", h.h2());
        assertThat(h.df()).isEqualTo(fit.k() - fit.p());
    }
}
