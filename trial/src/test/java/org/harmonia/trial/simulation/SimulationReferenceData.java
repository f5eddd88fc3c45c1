package org.harmonia.trial.simulation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the simulated MESEMS trials that the R reference script analyses (trials.csv under
 * src/test/resources/r/simulation): run once when the data-generating model changes on purpose, then rerun
 * the R script and commit both.
 */
public final class SimulationReferenceData {
    /** The reference scenario: MESEMS defaults under the null hypothesis, seed 7. */
    static final long SEED = 7;
    /** Trials 0-9, and 357, in which one sub-trial's analysed patients had no lesions at all. */
    static final long[] TRIALS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 357};

    private SimulationReferenceData() {
    }

    static SimulationScenario scenario() {
        return SimulationScenario.fromProtocol(Mesems.protocol()).withRateRatio(1).withSeed(SEED);
    }

    static String csv() {
        TrialSimulator simulator = new TrialSimulator(scenario());
        StringBuilder sb = new StringBuilder("trial,patient,subTrial,site,sequence,baseline_gel,scans_done,total_gel\n");
        for (long k : TRIALS) {
            String[] lines = simulator.generate(k).toCsv().split("\n");
            for (int i = 1; i < lines.length; i++) {
                sb.append(k).append(',').append(lines[i]).append('\n');
            }
        }
        return sb.toString();
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "src/test/resources/r/simulation/trials.csv");
        Files.writeString(out, csv());
    }
}
