package org.harmonia.server.analysis;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.harmonia.server.analysis.StudyResults.SimulatedLevel;
import org.harmonia.stats.StatsException;
import org.harmonia.stats.glm.CoefficientTest;
import org.harmonia.stats.glm.Inference;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.simulation.PowerResult;
import org.harmonia.trial.simulation.PowerSimulation;
import org.harmonia.trial.simulation.SimulationScenario;

/**
 * The simulated type I error and power of the plan's primary test, for the report's methods section: trials simulated
 * under the protocol (its allocation, its planned enrolment, the simulator's default assumptions) at rate ratio 1 and
 * at {@link #RATE_RATIO}, with a fixed seed, so every report of a protocol version states the same figures. A modest
 * number of trials keeps a report fast (the interval is stated with them); the result depends on the protocol and the
 * test only, so it is computed once per protocol version and test and kept.
 */
final class SimulatedOperatingCharacteristics {
    static final long SEED = 1;
    static final int TRIALS = 400;
    /** Each re-randomisation test re-runs the allocation: fewer trials and re-randomisations keep the report in seconds. */
    static final int RERANDOMISATION_TRIALS = 100;
    static final int RERANDOMISATIONS = 100;
    static final double RATE_RATIO = 0.6;
    private static final Map<String, SimulatedLevel> CACHE = new ConcurrentHashMap<>();

    private SimulatedOperatingCharacteristics() {
    }

    /** The figures for this protocol and test, or null when the protocol cannot be simulated (no count endpoint, ...). */
    static SimulatedLevel of(Protocol protocol, Inference test) {
        // reports of the same version asked for together wait for one simulation rather than each running it
        return CACHE.computeIfAbsent(protocol.id() + "|" + protocol.sha256() + "|" + test.label(), key -> compute(protocol, test));
    }

    private static SimulatedLevel compute(Protocol protocol, Inference test) {
        SimulationScenario s;
        try {
            s = SimulationScenario.fromProtocol(protocol).withSeed(SEED);
        } catch (StatsException e) {
            return null;
        }
        boolean rerandomised = test.test() == CoefficientTest.RERANDOMISATION;
        Inference simulated = rerandomised ? Inference.rerandomisation(RERANDOMISATIONS, null) : test;
        int trials = rerandomised ? RERANDOMISATION_TRIALS : TRIALS;
        int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
        PowerResult atNull = new PowerSimulation(s, List.of(simulated), false).run(trials, threads, null);
        PowerResult atEffect = new PowerSimulation(s.withRateRatio(RATE_RATIO), List.of(simulated), false).run(trials, threads, null);
        String assumptions = String.format(Locale.ROOT, "%d patients, %s, placebo %s lesions per scan, theta %s, drop-out %s per scan%s",
                s.patients(), s.randomisation().method().name().toLowerCase(Locale.ROOT).replace('_', ' '), s.placeboMean(), s.theta(),
                s.dropout(), rerandomised ? ", " + RERANDOMISATIONS + " re-randomisations per trial" : "");
        return new SimulatedLevel(trials, SEED, atNull.power(), atNull.ciLow(), atNull.ciHigh(), RATE_RATIO, atEffect.power(),
                assumptions);
    }
}
