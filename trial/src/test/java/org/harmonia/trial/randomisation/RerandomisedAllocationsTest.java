package org.harmonia.trial.randomisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.harmonia.trial.randomisation.Designs.MESEMS;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.harmonia.stats.data.DataTable;
import org.harmonia.stats.glm.Family;
import org.harmonia.stats.glm.Formula;
import org.harmonia.stats.glm.GlmFitter;
import org.harmonia.stats.glm.ModelMatrix;
import org.harmonia.stats.glm.RerandomisationTest;
import org.harmonia.stats.glm.ScoreTest;
import org.junit.jupiter.api.Test;

/**
 * The re-randomisation test run on the protocol's own allocation procedure: its Monte Carlo p-value against the
 * exact one from an enumeration of every allocation stratified permuted blocks of 2 or 4 can make (each with its
 * probability under {@link PermutedBlockList}'s draw: a block size at random, then a random order), determinism,
 * and its speed on a MESEMS-sized trial.
 */
class RerandomisedAllocationsTest {
    /** 13 patients in arrival order: stratum, covariate, lesion count; the counts are higher in MSC-PLACEBO. */
    private static final String[] STRATUM = {"a", "b", "a", "a", "b", "b", "a", "b", "a", "a", "b", "a", "b"};
    private static final double[] X = {2.0, 8.2, 3.1, 3.2, 1.0, 4.5, 4.4, 3.7, 4.8, 5.9, 3.4, 2.4, 6.1};
    private static final int[] Y = {1, 9, 2, 6, 0, 8, 4, 7, 3, 12, 3, 6, 5};

    private static List<Map<String, String>> patients() {
        List<Map<String, String>> out = new ArrayList<>();
        for (String s : STRATUM) {
            out.add(Map.of("centre", s));
        }
        return out;
    }

    private static ModelMatrix model(int[] sequence) {
        Map<String, List<String>> cols = new LinkedHashMap<>();
        cols.put("y", new ArrayList<>());
        cols.put("x", new ArrayList<>());
        cols.put("centre", new ArrayList<>());
        cols.put("sequence", new ArrayList<>());
        for (int i = 0; i < Y.length; i++) {
            cols.get("y").add(Integer.toString(Y[i]));
            cols.get("x").add(Double.toString(X[i]));
            cols.get("centre").add(STRATUM[i]);
            cols.get("sequence").add(MESEMS.get(sequence[i]).id());
        }
        return ModelMatrix.build(new DataTable("small trial", cols), Formula.parse("y ~ sequence + x + factor(centre)"),
                Map.of("sequence", "PLACEBO-MSC"));
    }

    private static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** Every allocation of a stratum of {@code m} patients as a bit mask (bit j: patient j gets sequence 0), with its probability. */
    private static Map<Integer, Double> stratumAllocations(int m) {
        Map<Integer, Double> out = new HashMap<>();
        enumerate(m, 0, 0, 1.0, out);
        return out;
    }

    private static void enumerate(int m, int position, int mask, double probability, Map<Integer, Double> out) {
        if (position >= m) {
            out.merge(mask, probability, Double::sum);
            return;
        }
        for (int size : new int[] {2, 4}) {
            // the distinct orders of a block holding each sequence size/2 times, all equally likely after a shuffle
            List<int[]> orders = new ArrayList<>();
            for (int bits = 0; bits < (1 << size); bits++) {
                if (Integer.bitCount(bits) == size / 2) {
                    orders.add(new int[] {bits});
                }
            }
            for (int[] order : orders) {
                int next = mask;
                for (int j = 0; j < size && position + j < m; j++) {
                    if ((order[0] >> j & 1) == 1) {
                        next |= 1 << (position + j);
                    }
                }
                enumerate(m, position + size, next, probability * 0.5 / orders.size(), out);
            }
        }
    }

    @Test
    void monteCarloPValueMatchesTheExactEnumerationOfEveryPermutedBlockAllocation() {
        AllocationProcedure procedure = AllocationProcedure.permutedBlocks(MESEMS, List.of(2, 4), List.of("centre"));
        AllocationProcedure.Rerun rerun = procedure.forPatients(patients());
        int[] observed = {1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0};
        ModelMatrix m = model(observed);
        int column = m.columnNames().indexOf("sequenceMSC-PLACEBO");
        ScoreTest score = RerandomisationTest.nullModel(Family.POISSON, m, column, new GlmFitter());
        double s0 = score.statistic(m.columns()[column]);

        List<Integer> inA = new ArrayList<>();
        List<Integer> inB = new ArrayList<>();
        for (int i = 0; i < STRATUM.length; i++) {
            (STRATUM[i].equals("a") ? inA : inB).add(i);
        }
        Map<Integer, Double> a = stratumAllocations(inA.size());
        Map<Integer, Double> b = stratumAllocations(inB.size());
        double exact = 0;
        double total = 0;
        double[] z = new double[STRATUM.length];
        for (Map.Entry<Integer, Double> ea : a.entrySet()) {
            for (Map.Entry<Integer, Double> eb : b.entrySet()) {
                for (int j = 0; j < inA.size(); j++) {
                    z[inA.get(j)] = ea.getKey() >> j & 1;
                }
                for (int j = 0; j < inB.size(); j++) {
                    z[inB.get(j)] = eb.getKey() >> j & 1;
                }
                double probability = ea.getValue() * eb.getValue();
                total += probability;
                if (score.statistic(z) >= s0 * (1 - 1e-9)) {
                    exact += probability;
                }
            }
        }
        assertThat(total).isCloseTo(1.0, Offset.offset(1e-12));
        assertThat(a.size() * b.size()).as("distinct allocations enumerated").isGreaterThan(1000);

        RerandomisationTest t = RerandomisedAllocations.test(Family.POISSON, m, "sequenceMSC-PLACEBO", rerun,
                procedure.indexOf("MSC-PLACEBO"), identity(13), 20_000, 5);
        System.out.printf("exact p %.6f from %d allocations, Monte Carlo p %.6f (SE %.6f)%n", exact, a.size() * b.size(), t.p(), t.monteCarloSe());
        assertThat(exact).isBetween(0.005, 0.5);
        assertThat(t.p()).isCloseTo(exact, Offset.offset(4 * Math.sqrt(exact * (1 - exact) / 20_000)));
    }

    @Test
    void everyReRunKeepsEachStratumWithinTheBlocksBalanceAndTheSameSeedGivesTheSameAllocations() {
        AllocationProcedure procedure = AllocationProcedure.permutedBlocks(MESEMS, List.of(2, 4), List.of("centre"));
        AllocationProcedure.Rerun rerun = procedure.forPatients(patients());
        int[] first = new int[13];
        int[] again = new int[13];
        for (int k = 0; k < 200; k++) {
            rerun.allocate(AllocationProcedure.rerunSeed(9, k), first);
            rerun.allocate(AllocationProcedure.rerunSeed(9, k), again);
            assertThat(again).isEqualTo(first);
            int diffA = 0;
            int diffB = 0;
            for (int i = 0; i < 13; i++) {
                int d = first[i] == 0 ? 1 : -1;
                if (STRATUM[i].equals("a")) {
                    diffA += d;
                } else {
                    diffB += d;
                }
                assertThat(Math.abs(diffA)).isLessThanOrEqualTo(2);
                assertThat(Math.abs(diffB)).isLessThanOrEqualTo(2);
            }
        }
        rerun.allocate(AllocationProcedure.rerunSeed(10, 0), again);
        rerun.allocate(AllocationProcedure.rerunSeed(9, 0), first);
        assertThat(AllocationProcedure.rerunSeed(10, 0)).isNotEqualTo(AllocationProcedure.rerunSeed(9, 0));
    }

    @Test
    void minimisationAndCompleteRandomisationReRunFromTheSeed() {
        AllocationProcedure minimisation = AllocationProcedure.minimisation(MESEMS, List.of("centre"), 0.8);
        AllocationProcedure.Rerun rerun = minimisation.forPatients(patients());
        int[] z = new int[13];
        int[] again = new int[13];
        rerun.allocate(AllocationProcedure.rerunSeed(1, 3), z);
        rerun.allocate(AllocationProcedure.rerunSeed(1, 3), again);
        assertThat(again).isEqualTo(z);
        assertThat(minimisation.describe()).isEqualTo("minimisation over centre (p = 0.8, range)");
        AllocationProcedure complete = AllocationProcedure.complete(MESEMS);
        int ones = 0;
        int[] c = new int[13];
        for (int k = 0; k < 400; k++) {
            complete.forPatients(patients()).allocate(AllocationProcedure.rerunSeed(2, k), c);
            for (int v : c) {
                ones += v;
            }
        }
        // a fair coin: 5,200 draws, mean 2,600, SD 36
        assertThat(ones).isBetween(2450, 2750);
        assertThat(complete.describe()).isEqualTo("complete randomisation");
    }

    @Test
    void aPatientWithoutAStratumValueIsRefused() {
        AllocationProcedure procedure = AllocationProcedure.permutedBlocks(MESEMS, List.of(2, 4), List.of("centre"));
        assertThatThrownBy(() -> procedure.forPatients(List.of(Map.of("centre", "a"), Map.of("site", "b"))))
                .isInstanceOf(RandomisationException.class).hasMessage("patient 2 in arrival order has no value for centre");
    }
}
