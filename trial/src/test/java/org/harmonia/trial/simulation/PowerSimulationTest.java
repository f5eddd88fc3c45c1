package org.harmonia.trial.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.harmonia.stats.InvalidDataException;
import org.junit.jupiter.api.Test;

class PowerSimulationTest {
    private final SimulationScenario mesems = SimulationScenario.fromProtocol(Mesems.protocol()).withSeed(42);

    @Test
    void typeIErrorIsCloseToAlphaWhenTheModelHasNoSubTrialCoefficients() {
        // All patients in one sub-trial: the model is total ~ sequence + baseline + offset, whose Wald test
        // holds its level at this size. 2,000 trials: binomial SE of 0.05 is 0.0049; allow 3 SE.
        PowerResult r = new PowerSimulation(mesems.withShares(Map.of("italy", 1.0))).run(2000, 2, null);
        assertThat(r.power()).isCloseTo(0.05, within(0.015));
        assertThat(r.medianRateRatio()).isCloseTo(1.0, within(0.02));
        assertThat(r.failures()).isZero();
    }

    @Test
    void powerIncreasesWithTheEffect() {
        double weak = power(mesems.withRateRatio(0.8), 300);
        double planned = power(mesems.withRateRatio(0.6), 300);
        double strong = power(mesems.withRateRatio(0.4), 300);
        assertThat(weak).isLessThan(planned - 0.2);
        assertThat(planned).isLessThan(strong);
    }

    @Test
    void powerIncreasesWithTheNumberOfPatients() {
        double half = power(mesems.withRateRatio(0.6).withPatients(72), 300);
        double twice = power(mesems.withRateRatio(0.6).withPatients(288), 300);
        assertThat(half).isLessThan(twice - 0.3);
    }

    @Test
    void aLargeEffectIsAlmostAlwaysFound() {
        PowerResult r = new PowerSimulation(mesems.withRateRatio(0.25)).run(300, 2, null);
        assertThat(r.power()).isGreaterThan(0.98);
        assertThat(r.medianRateRatio()).isCloseTo(0.25, within(0.05));
    }

    @Test
    void requiringBenefitCountsOnlyReductions() {
        SimulationScenario harm = mesems.withRateRatio(1.8);
        assertThat(power(harm, 200)).isGreaterThan(0.8);
        assertThat(power(harm.withRequireBenefit(true), 200)).isLessThan(0.02);
    }

    @Test
    void sameSeedGivesTheSameResultWhateverTheThreads() {
        SimulationScenario s = mesems.withRateRatio(0.7);
        PowerResult one = new PowerSimulation(s).run(200, 1, null);
        PowerResult two = new PowerSimulation(s).run(200, 2, null);
        PowerResult again = new PowerSimulation(s).run(200, 2, null);
        for (PowerResult r : List.of(two, again)) {
            assertThat(r.successes()).isEqualTo(one.successes());
            assertThat(r.meanRateRatio()).isEqualTo(one.meanRateRatio());
            assertThat(r.empiricalSeLogRateRatio()).isEqualTo(one.empiricalSeLogRateRatio());
            assertThat(r.meanFullAnalysisSet()).isEqualTo(one.meanFullAnalysisSet());
        }
        assertThat(new PowerSimulation(s.withSeed(43)).run(200, 2, null).meanRateRatio()).isNotEqualTo(one.meanRateRatio());
    }

    @Test
    void reportsProgressUpToEveryTrial() {
        List<Integer> seen = new ArrayList<>();
        PowerResult r = new PowerSimulation(mesems).run(100, 2, seen::add);
        assertThat(seen).isNotEmpty().isSorted();
        assertThat(seen.get(seen.size() - 1)).isEqualTo(100);
        assertThat(r.trials()).isEqualTo(100);
        assertThat(r.analysed() + r.failures()).isEqualTo(100);
        assertThat(r.trialsPerSecond()).isPositive();
    }

    @Test
    void exactIntervalMatchesBinomTest() throws IOException {
        // R 4.2.2: binom.test(x, n)$conf.int (simulation-reference.R -> binom.ref).
        Map<String, Double> ref = TrialSimulatorTest.reference("binom.ref");
        int[][] cases = {{0, 100}, {5, 2000}, {128, 2000}, {1305, 2000}, {7458, 10000}, {10000, 10000}};
        for (int[] c : cases) {
            ProportionInterval ci = ProportionInterval.clopperPearson(c[0], c[1], 0.95);
            double low = ref.get("binom/" + c[0] + "/" + c[1] + "/low");
            double high = ref.get("binom/" + c[0] + "/" + c[1] + "/high");
            assertThat(ci.low()).as("low %s/%s", c[0], c[1]).isCloseTo(low, within(1e-6 * low));
            assertThat(ci.high()).as("high %s/%s", c[0], c[1]).isCloseTo(high, within(1e-6 * high));
        }
    }

    @Test
    void rejectsNoTrialsOrNoThreads() {
        PowerSimulation sim = new PowerSimulation(mesems);
        assertThatThrownBy(() -> sim.run(0, 2, null)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("number of trials must be between 1 and");
        assertThatThrownBy(() -> sim.run(10, 0, null)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("number of threads must be at least 1");
    }

    private static double power(SimulationScenario s, int trials) {
        return new PowerSimulation(s).run(trials, 2, null).power();
    }
}
