package org.harmonia.stats.glm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.data.DataTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The score statistic of the null model and the re-randomisation test built on it, against R 4.2.2 / MASS 7.3-58.2:
 * {@code anova(m0, m1, test = "Rao", dispersion = 1)}, the exact re-randomisation p-value of a small trial from all
 * 4,096 allocations, and a 400,000-allocation run in R; the R calls are in
 * src/test/resources/r/glm/rerandomisation-reference.R.
 */
class RerandomisationTestTest {

    record Case(String reference, String csv, String formula, Family family, Map<String, String> refs, String term) {
        @Override
        public String toString() {
            return reference;
        }
    }

    static Stream<Case> scoreCases() {
        return Stream.of(
                new Case("mesems-like-negbin", "mesems-like.csv", "y ~ sequence + baseline + factor(subTrial) + offset(log(scans))",
                        Family.NEGBIN, Map.of("sequence", "PLACEBO-MSC"), "sequenceMSC-PLACEBO"),
                new Case("quine-poisson", "quine.csv", "Days ~ Eth + Sex + Age + Lrn", Family.POISSON, Map.of(), "EthN"),
                new Case("quine-negbin", "quine.csv", "Days ~ Eth + Sex + Age + Lrn", Family.NEGBIN, Map.of(), "EthN"),
                new Case("birthwt-binomial", "birthwt.csv", "low ~ age + lwt + factor(race) + smoke + ptl + ht + ui",
                        Family.BINOMIAL, Map.of(), "smoke"));
    }

    private static ModelMatrix matrix(String csv, String formula, Map<String, String> refs) {
        return ModelMatrix.build(RReference.data(csv), Formula.parse(formula), refs);
    }

    @ParameterizedTest
    @MethodSource("scoreCases")
    void scoreStatisticOfTheNullModelEqualsRsRaoTest(Case c) {
        RReference r = RReference.load(c.reference() + "-score");
        ModelMatrix m = matrix(c.csv(), c.formula(), c.refs());
        int column = m.columnNames().indexOf(c.term());
        ScoreTest score = RerandomisationTest.nullModel(c.family(), m, column, new GlmFitter());
        double statistic = score.raoStatistic(m.columns()[column]);
        assertThat(score.n()).isEqualTo((int) r.get("n"));
        assertThat(statistic).isCloseTo(r.get("statistic"), Offset.offset(1e-8 * r.get("statistic")));
        assertThat(ScoreTest.p(statistic)).isCloseTo(r.get("p"), Offset.offset(1e-8 * r.get("p")));
    }

    /** Each patient a fair coin, from its own stream per re-randomisation, as complete randomisation. */
    private static AllocationSource coins(long seed) {
        return (k, z) -> {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + k);
            for (int i = 0; i < z.length; i++) {
                z[i] = random.nextBoolean() ? 1 : 0;
            }
        };
    }

    @Test
    void smallTrialMatchesTheExactEnumerationOfAllAllocationsWithinMonteCarloError() {
        RReference r = RReference.load("small-trial-exact");
        ModelMatrix m = matrix("small-trial.csv", "y ~ x + group", Map.of());
        int column = m.columnNames().indexOf("groupB");
        ScoreTest score = RerandomisationTest.nullModel(Family.POISSON, m, column, new GlmFitter());
        RerandomisationTest t = RerandomisationTest.run("groupB", score, m.columns()[column], coins(7), 20_000, 7);
        double exact = r.get("exactP");
        assertThat(t.statistic()).isCloseTo(r.get("statistic"), Offset.offset(1e-8 * r.get("statistic")));
        assertThat(t.monteCarloSe()).isCloseTo(Math.sqrt(exact * (1 - exact) / 20_000), Offset.offset(2e-4));
        assertThat(t.p()).isCloseTo(exact, Offset.offset(4 * t.monteCarloSe()));
        assertThat(t.rerandomisations()).isEqualTo(20_000);
        assertThat(t.p()).isEqualTo((t.atLeastAsExtreme() + 1.0) / 20_001);
    }

    @Test
    void mesemsLikeTrialUnderCompleteRandomisationAgreesWithALargeRRun() {
        RReference r = RReference.load("mesems-like-complete-randomisation");
        ModelMatrix m = matrix("mesems-like.csv", "y ~ sequence + baseline + factor(subTrial) + offset(log(scans))",
                Map.of("sequence", "PLACEBO-MSC"));
        int column = m.columnNames().indexOf("sequenceMSC-PLACEBO");
        ScoreTest score = RerandomisationTest.nullModel(Family.NEGBIN, m, column, new GlmFitter());
        RerandomisationTest t = RerandomisationTest.run("sequenceMSC-PLACEBO", score, m.columns()[column], coins(3), 10_000, 3);
        double rP = r.get("p");
        double rSe = Math.sqrt(rP * (1 - rP) / r.get("rerandomisations"));
        assertThat(t.p()).isCloseTo(rP, Offset.offset(4 * Math.hypot(t.monteCarloSe(), rSe)));
        // the Monte Carlo p sits near the asymptotic score test's, as it should with 141 patients
        assertThat(t.scoreP()).isCloseTo(0.027455826662615375, Offset.offset(1e-8));
    }

    @Test
    void theSameSeedGivesTheSameResultAndAnotherSeedADifferentDraw() {
        ModelMatrix m = matrix("small-trial.csv", "y ~ x + group", Map.of());
        int column = m.columnNames().indexOf("groupB");
        ScoreTest score = RerandomisationTest.nullModel(Family.POISSON, m, column, new GlmFitter());
        RerandomisationTest a = RerandomisationTest.run("groupB", score, m.columns()[column], coins(11), 2_000, 11);
        RerandomisationTest b = RerandomisationTest.run("groupB", score, m.columns()[column], coins(11), 2_000, 11);
        RerandomisationTest c = RerandomisationTest.run("groupB", score, m.columns()[column], coins(12), 2_000, 12);
        assertThat(b).isEqualTo(a);
        assertThat(c.atLeastAsExtreme()).isNotEqualTo(a.atLeastAsExtreme());
    }

    @Test
    void anAllocationWithEveryPatientInOneGroupCarriesNoInformation() {
        ModelMatrix m = matrix("small-trial.csv", "y ~ x + group", Map.of());
        int column = m.columnNames().indexOf("groupB");
        ScoreTest score = RerandomisationTest.nullModel(Family.POISSON, m, column, new GlmFitter());
        assertThat(score.statistic(new double[12])).isZero();
        double[] ones = new double[12];
        java.util.Arrays.fill(ones, 1);
        assertThat(score.statistic(ones)).isZero();
    }

    @Test
    void refusesAGaussianModelAndTooFewRerandomisations() {
        DataTable t = RReference.data("small-trial.csv");
        ModelMatrix m = ModelMatrix.build(t, Formula.parse("y ~ x + group"), Map.of());
        assertThatThrownBy(() -> RerandomisationTest.nullModel(Family.GAUSSIAN, m, 2, new GlmFitter()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("binomial, poisson and negbin");
        assertThatThrownBy(() -> Inference.rerandomisation(99, 1L))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("the number of re-randomisations must be between 100 and 10000000; got 99");
        assertThat(Inference.rerandomisation(null, null).rerandomisations()).isEqualTo(10_000);
    }
}
