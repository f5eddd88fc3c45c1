package org.harmonia.trial.randomisation;

import static org.harmonia.trial.randomisation.Designs.MESEMS;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Prints the balance, predictability, minimisation and timing figures quoted in docs/randomisation.md.
 * Not a test (timings on a shared machine are not assertable); run from the repository root with
 * {@code mvn -B -q -pl trial -am test-compile} then
 * {@code java -cp trial/target/classes:trial/target/test-classes org.harmonia.trial.randomisation.RandomisationFigures}.
 */
public final class RandomisationFigures {
    static final RandomisationSeed SEED = RandomisationSeed.fromHex("9e3779b97f4a7c15f39cc0605cedc8341082276bf3a27251f86c6a11d0c18e95");

    public static void main(String[] args) {
        balance();
        predictability();
        minimisation();
        timings();
    }

    static void balance() {
        System.out.println("== permuted blocks: largest running imbalance, 10,000 allocations in 5 strata");
        for (List<Integer> sizes : List.of(List.of(2, 4), List.of(4, 6), List.of(4))) {
            PermutedBlockList design = new PermutedBlockList(MESEMS, sizes);
            int worst = 0;
            for (int s = 0; s < 5; s++) {
                int difference = 0;
                for (AllocationSlot slot : design.generate(SEED, Stratum.parse("site=" + s), 2_000)) {
                    difference += slot.sequenceId().equals("MSC-PLACEBO") ? 1 : -1;
                    worst = Math.max(worst, Math.abs(difference));
                }
            }
            System.out.printf("blocks %-7s largest running imbalance %d (bound: half the largest block, %d)%n",
                    sizes, worst, sizes.stream().mapToInt(Integer::intValue).max().orElseThrow() / 2);
        }
    }

    static void predictability() {
        System.out.println("== permuted blocks 1:1: convergent guessing, 30,000 allocations in 10 strata");
        System.out.println("blocks     correct   theory    known for certain");
        for (List<Integer> sizes : List.of(List.of(2), List.of(4), List.of(6), List.of(2, 4), List.of(4, 6), List.of(2, 4, 6))) {
            System.out.printf("%-10s %.4f    %.4f    %.4f%n", sizes, PredictabilityTest.convergentGuessingRate(sizes),
                    PredictabilityTest.theoreticalConvergentRate(sizes), PredictabilityTest.certainShare(sizes));
        }
    }

    static void minimisation() {
        System.out.println("== minimisation, 144 patients, 2,000 simulated trials: largest marginal imbalance at the end "
                + "(median / 95th percentile / max) and overall imbalance (95th percentile / max)");
        for (int factors : new int[] {2, 3}) {
            for (ImbalanceMeasure measure : ImbalanceMeasure.values()) {
                for (double p : new double[] {0.7, 0.8, 0.9, 1.0}) {
                    int trials = 2_000;
                    int[] marginal = new int[trials];
                    int[] simple = new int[trials];
                    int[] overall = new int[trials];
                    for (int t = 0; t < trials; t++) {
                        MinimisationState state = run(factors, p, measure, "figures-" + t, 144);
                        marginal[t] = (int) state.maxMarginalImbalance();
                        overall[t] = (int) state.overallImbalance();
                        simple[t] = MinimisationTest.imbalanceOfOneTrial(factors, p, measure, "figures-" + t, 144)[1];
                    }
                    Arrays.sort(marginal);
                    Arrays.sort(overall);
                    Arrays.sort(simple);
                    System.out.printf("%d factors %-8s p=%.1f  marginal %2d / %2d / %2d   overall %2d / %2d   (simple randomisation marginal %2d / %2d / %2d)%n",
                            factors, measure, p, marginal[trials / 2], marginal[trials * 95 / 100], marginal[trials - 1],
                            overall[trials * 95 / 100], overall[trials - 1], simple[trials / 2], simple[trials * 95 / 100], simple[trials - 1]);
                }
            }
        }
    }

    static MinimisationState run(int factors, double p, ImbalanceMeasure measure, String context, int patients) {
        List<String> names = List.of("subTrial", "sex", "phenotype").subList(3 - factors, 3);
        MinimisationState state = new Minimisation(MESEMS, names, p, measure).newState();
        SeededRandom people = SeededRandom.of(SEED, "test-patients", context);
        SeededRandom r = SeededRandom.of(SEED, Minimisation.PURPOSE, context);
        for (int i = 0; i < patients; i++) {
            state.allocate(MinimisationTest.patient(people), r);
        }
        return state;
    }

    static void timings() {
        System.out.println("== timings (median of 2,000 runs after 2,000 warm-up runs)");
        PermutedBlockList blocks = new PermutedBlockList(MESEMS, List.of(2, 4));
        Stratum stratum = Stratum.parse("subTrial=italy");
        System.out.printf("permuted blocks, list of 1,000 slots:             %8.1f us%n",
                median(() -> blocks.generate(SEED, stratum, 1_000).size()));
        Minimisation m = new Minimisation(MESEMS, List.of("subTrial", "sex", "phenotype"), 0.8, ImbalanceMeasure.RANGE);
        // Patients drawn beforehand, so only the allocation is timed.
        @SuppressWarnings("unchecked")
        Map<String, String>[] patients = new Map[144];
        SeededRandom people = SeededRandom.of(SEED, "test-patients", "timing");
        for (int i = 0; i < patients.length; i++) {
            patients[i] = MinimisationTest.patient(people);
        }
        System.out.printf("minimisation, 144 patients (3 factors, p=0.8):    %8.1f us%n", median(() -> {
            MinimisationState state = m.newState();
            SeededRandom r = SeededRandom.of(SEED, Minimisation.PURPOSE, "timing");
            int n = 0;
            for (Map<String, String> patient : patients) {
                n += state.allocate(patient, r).sequenceId().length();
            }
            return n;
        }));
        System.out.printf("a new random stream (key derivation):             %8.1f us%n",
                median(() -> SeededRandom.of(SEED, Minimisation.PURPOSE, "timing").nextInt(2)));
        System.out.printf("kit numbers, batch of 300:                        %8.1f us%n",
                median(() -> KitNumbers.generate(SEED, "timing", Map.of("MSC", 150, "PLACEBO", 150), java.util.Set.of()).size()));
    }

    private static double median(java.util.function.IntSupplier work) {
        long sink = 0;
        for (int i = 0; i < 2_000; i++) {
            sink += work.getAsInt();
        }
        long[] ns = new long[2_000];
        for (int i = 0; i < ns.length; i++) {
            long start = System.nanoTime();
            sink += work.getAsInt();
            ns[i] = System.nanoTime() - start;
        }
        if (sink == 42) {
            System.out.print("");
        }
        Arrays.sort(ns);
        return ns[ns.length / 2] / 1_000.0;
    }

    private RandomisationFigures() {
    }
}
