package org.harmonia.trial.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.harmonia.stats.glm.Inference;
import org.harmonia.stats.glm.RobustType;
import org.junit.jupiter.api.Test;

/**
 * The re-randomisation test inside the simulator (the protocol's own permuted blocks re-run on every simulated MESEMS
 * trial), its speed, its level over simulated null trials, and the comparison of several analyses on the same trials.
 */
class RerandomisationSimulationTest {
    private final SimulationScenario mesems = SimulationScenario.fromProtocol(Mesems.protocol()).withSeed(2026);

    @Test
    void tenThousandRerandomisationsOfA144PatientTrialGiveADeterministicCountedPValue() {
        TrialSimulator simulator = new TrialSimulator(mesems, List.of(Inference.WALD, Inference.rerandomisation(10_000, null)));
        simulator.run(0);
        long start = System.nanoTime();
        TrialResult r = simulator.run(1);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("10,000 re-randomisations of %d patients (%d analysed): %.2f s%n", mesems.patients(),
                r.fullAnalysisSet(), seconds);
        AnalysisOutcome rerandomised = r.analyses().get(1);
        assertThat(rerandomised.outcome()).isEqualTo(TrialOutcome.ANALYSED);
        // the p-value is a count of re-randomisations: (b + 1) / 10,001
        double b = rerandomised.p() * 10_001 - 1;
        assertThat(b).isCloseTo(Math.rint(b), org.assertj.core.data.Offset.offset(1e-6));
        // near the Wald p-value on a trial of this size
        assertThat(rerandomised.p()).isCloseTo(r.analyses().get(0).p(), org.assertj.core.data.Offset.offset(0.1));
        assertThat(new TrialSimulator(mesems, List.of(Inference.rerandomisation(10_000, null))).run(1).p())
                .as("the same seed gives the same p-value").isEqualTo(rerandomised.p());
    }

    @Test
    void rerandomisationTestHoldsItsLevelOverSimulatedNullTrials() {
        // 400 null trials, each with 200 re-randomisations: a valid test rejects at most 5%; Monte Carlo SE 1.1%
        PowerResult r = new PowerSimulation(mesems, List.of(Inference.rerandomisation(200, null), Inference.WALD))
                .run(400, 2, null);
        AnalysisSummary rerandomised = r.analyses().get(0);
        System.out.printf("re-randomisation: %d of %d null trials rejected (%.4f, 95%% CI %.4f-%.4f); Wald %d%n",
                rerandomised.successes(), rerandomised.trials(), rerandomised.rate(), rerandomised.ciLow(),
                rerandomised.ciHigh(), r.analyses().get(1).successes());
        assertThat(rerandomised.ciLow()).isLessThanOrEqualTo(0.05);
        assertThat(rerandomised.ciHigh()).isGreaterThanOrEqualTo(0.05);
        assertThat(rerandomised.rate()).isBetween(0.02, 0.08);
        assertThat(r.power()).isEqualTo(rerandomised.rate());
    }

    @Test
    void everyAnalysisRunsOnTheSameTrialsAndThePrimaryKeepsItsPower() {
        SimulationScenario s = mesems.withRateRatio(0.6);
        PowerResult alone = new PowerSimulation(s, Inference.WALD).run(200, 2, null);
        PowerResult compared = new PowerSimulation(s, List.of(Inference.WALD, Inference.LRT,
                Inference.robust(RobustType.HC0), Inference.robust(RobustType.HC3))).run(200, 2, null);
        assertThat(compared.power()).isEqualTo(alone.power());
        assertThat(compared.analyses()).extracting(AnalysisSummary::test)
                .containsExactly("wald", "lrt", "robust (hc0)", "robust (hc3)");
        AnalysisSummary wald = compared.analyses().get(0);
        assertThat(wald.rate()).isEqualTo(alone.power());
        assertThat(wald.meanSeLogRateRatio()).isEqualTo(alone.meanModelSeLogRateRatio());
        for (AnalysisSummary a : compared.analyses()) {
            // one estimate for all: the same bias; intervals that hold the true rate ratio most of the time
            assertThat(a.biasLogRateRatio()).isEqualTo(wald.biasLogRateRatio());
            assertThat(a.coverage()).isBetween(0.85, 1.0);
            assertThat(a.ciLow()).isLessThanOrEqualTo(a.rate());
            assertThat(a.ciHigh()).isGreaterThanOrEqualTo(a.rate());
        }
        // HC0 is smaller than HC3 on average: its leverage correction is what HC3 adds
        assertThat(compared.analyses().get(2).meanSeLogRateRatio()).isLessThan(compared.analyses().get(3).meanSeLogRateRatio());
        assertThat(Math.abs(wald.biasLogRateRatio())).isLessThan(0.05);
    }
}
