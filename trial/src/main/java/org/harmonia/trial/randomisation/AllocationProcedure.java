package org.harmonia.trial.randomisation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.trial.protocol.Randomisation;
import org.harmonia.trial.protocol.RandomisationMethod;
import org.harmonia.trial.protocol.Sequence;

/**
 * A trial's allocation procedure as something that can be re-run: the same algorithm (stratified permuted blocks,
 * minimisation, or complete randomisation), the same patients in the same arrival order with the same stratum or
 * factor levels, and a fresh seed each time. What a re-randomisation test needs: the distribution of allocations
 * the trial could have had.
 *
 * <p>Permuted blocks: each stratum's list is generated from the seed exactly as {@link PermutedBlockList} makes the
 * trial's own list, and taken in arrival order. Minimisation: {@link MinimisationState} patient by patient, with the
 * range measure the server uses, on one stream per re-run. Complete randomisation: each patient drawn independently
 * in the allocation ratio (not a protocol method; for data whose allocation was a coin, and for checks against an
 * exact permutation distribution).
 *
 * <p>The trial simulator allocates its simulated trials with the same code ({@link #forUnits}), each trial with its
 * own seed and stream context.
 */
public final class AllocationProcedure {
    /** The purpose of the stream of a re-run minimisation or complete randomisation. */
    static final String RERUN_CONTEXT = "re-randomisation";
    static final String COMPLETE_PURPOSE = "complete-randomisation";

    private enum Kind { PERMUTED_BLOCKS, MINIMISATION, COMPLETE }

    private final Kind kind;
    private final SequenceRatios sequences;
    private final PermutedBlockList blocks;
    private final Minimisation minimisation;
    private final List<String> factors;

    private AllocationProcedure(Kind kind, List<Sequence> sequences, PermutedBlockList blocks, Minimisation minimisation,
                                List<String> factors) {
        this.kind = kind;
        this.sequences = new SequenceRatios(sequences);
        this.blocks = blocks;
        this.minimisation = minimisation;
        this.factors = List.copyOf(factors);
    }

    /** The procedure a protocol prescribes. */
    public static AllocationProcedure of(Randomisation randomisation, List<Sequence> sequences) {
        if (randomisation.method() == RandomisationMethod.PERMUTED_BLOCKS) {
            return permutedBlocks(sequences, randomisation.blockSizes(), randomisation.strata());
        }
        if (randomisation.method() == RandomisationMethod.MINIMISATION) {
            Minimisation m = Minimisation.of(randomisation, sequences, ImbalanceMeasure.RANGE);
            return new AllocationProcedure(Kind.MINIMISATION, sequences, null, m, m.factors());
        }
        throw new RandomisationException("the protocol does not randomise, so there is no allocation procedure to re-run");
    }

    public static AllocationProcedure permutedBlocks(List<Sequence> sequences, List<Integer> blockSizes, List<String> strata) {
        return new AllocationProcedure(Kind.PERMUTED_BLOCKS, sequences, new PermutedBlockList(sequences, blockSizes), null, strata);
    }

    public static AllocationProcedure minimisation(List<Sequence> sequences, List<String> factors, double probability) {
        Minimisation m = new Minimisation(sequences, factors, probability, ImbalanceMeasure.RANGE);
        return new AllocationProcedure(Kind.MINIMISATION, sequences, null, m, factors);
    }

    public static AllocationProcedure complete(List<Sequence> sequences) {
        return new AllocationProcedure(Kind.COMPLETE, sequences, null, null, List.of());
    }

    /** The stratification (permuted blocks) or minimisation factors a patient needs a level of. */
    public List<String> factors() {
        return factors;
    }

    /** The procedure in words, e.g. "permuted blocks of 2 or 4, stratified by subTrial". */
    public String describe() {
        return switch (kind) {
            case PERMUTED_BLOCKS -> "permuted blocks of " + String.join(" or ", blocks.blockSizes().stream().map(String::valueOf).toList())
                    + (factors.isEmpty() ? ", unstratified" : ", stratified by " + String.join(" and ", factors));
            case MINIMISATION -> "minimisation over " + String.join(" and ", factors) + " (p = " + minimisation.probability() + ", range)";
            case COMPLETE -> "complete randomisation";
        };
    }

    /** The index of a sequence id in this procedure's sequences. */
    public int indexOf(String sequenceId) {
        return sequences.indexOf(sequenceId);
    }

    /**
     * Prepares re-runs for these patients, in arrival order, each with its levels of {@link #factors()} (other values
     * are ignored).
     */
    public Rerun forPatients(List<Map<String, String>> patients) {
        int n = patients.size();
        int[] unitOf = new int[n];
        Map<Map<String, String>, Integer> index = new HashMap<>();
        List<Map<String, String>> distinct = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> p = patients.get(i);
            Map<String, String> own = new LinkedHashMap<>();
            for (String f : factors) {
                String v = p.get(f);
                if (v == null || v.isBlank()) {
                    throw new RandomisationException("patient " + (i + 1) + " in arrival order has no value for " + f);
                }
                own.put(f, v);
            }
            Integer at = index.get(own);
            if (at == null) {
                at = distinct.size();
                index.put(own, at);
                distinct.add(own);
            }
            unitOf[i] = at;
        }
        return new Units(distinct).rerun(unitOf, n);
    }

    /**
     * Prepares allocations of patients who each take the levels of one of these units (a simulated trial's sites,
     * say): the strata are worked out once, and each allocation needs only which unit each patient is in.
     */
    public Units forUnits(List<Map<String, String>> units) {
        return new Units(units);
    }

    /** The procedure over a fixed set of units (level combinations); not thread-safe (one per thread). */
    public final class Units {
        private final List<Map<String, String>> levels;
        private final Stratum[] strata;
        private final int[] unitStratum;
        private final int[] stratumSize;
        private final int[] cursor;
        private final int[][] lists;

        private Units(List<Map<String, String>> units) {
            levels = new ArrayList<>(units.size());
            unitStratum = new int[units.size()];
            Map<String, Integer> index = new LinkedHashMap<>();
            List<Stratum> list = new ArrayList<>();
            for (int u = 0; u < units.size(); u++) {
                Map<String, String> own = new LinkedHashMap<>();
                for (String f : factors) {
                    own.put(f, units.get(u).get(f));
                }
                levels.add(Collections.unmodifiableMap(own));
                if (kind == Kind.PERMUTED_BLOCKS) {
                    Stratum s = Stratum.of(factors, own);
                    unitStratum[u] = index.computeIfAbsent(s.key(), key -> {
                        list.add(s);
                        return list.size() - 1;
                    });
                }
            }
            strata = list.toArray(Stratum[]::new);
            stratumSize = new int[strata.length];
            cursor = new int[strata.length];
            lists = new int[strata.length][];
        }

        /** Re-runs over the first {@code n} patients, patient i in unit {@code unitOf[i]}; they share this object's work arrays. */
        public Rerun rerun(int[] unitOf, int n) {
            return new Rerun(this, Arrays.copyOf(unitOf, n));
        }

        /**
         * Writes the sequence index (in the procedure's sequence order) of each of the first {@code n} patients, patient
         * i in unit {@code unitOf[i]}, as the procedure allocates them in that order from {@code seed}; {@code context}
         * names the stream of a minimisation or complete randomisation.
         */
        public void allocate(RandomisationSeed seed, String context, int[] unitOf, int n, int[] sequenceIndex) {
            switch (kind) {
                case PERMUTED_BLOCKS -> {
                    Arrays.fill(stratumSize, 0);
                    for (int i = 0; i < n; i++) {
                        stratumSize[unitStratum[unitOf[i]]]++;
                    }
                    for (int s = 0; s < strata.length; s++) {
                        cursor[s] = 0;
                        if (stratumSize[s] == 0) {
                            continue;
                        }
                        if (lists[s] == null || lists[s].length < stratumSize[s]) {
                            lists[s] = new int[Math.max(stratumSize[s], 16)];
                        }
                        List<AllocationSlot> slots = blocks.generate(seed, strata[s], stratumSize[s]);
                        for (int j = 0; j < stratumSize[s]; j++) {
                            lists[s][j] = sequences.indexOf(slots.get(j).sequenceId());
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        int s = unitStratum[unitOf[i]];
                        sequenceIndex[i] = lists[s][cursor[s]++];
                    }
                }
                case MINIMISATION -> {
                    MinimisationState state = minimisation.newState();
                    SeededRandom random = SeededRandom.of(seed, Minimisation.PURPOSE, context);
                    for (int i = 0; i < n; i++) {
                        sequenceIndex[i] = sequences.indexOf(state.allocate(levels.get(unitOf[i]), random).sequenceId());
                    }
                }
                case COMPLETE -> {
                    SeededRandom random = SeededRandom.of(seed, COMPLETE_PURPOSE, context);
                    for (int i = 0; i < n; i++) {
                        sequenceIndex[i] = random.nextWeighted(sequences.ratios);
                    }
                }
            }
        }
    }

    /** The procedure fixed to one set of patients; not thread-safe (one per thread). */
    public static final class Rerun {
        private final Units units;
        private final int[] unitOf;

        private Rerun(Units units, int[] unitOf) {
            this.units = units;
            this.unitOf = unitOf;
        }

        public int patients() {
            return unitOf.length;
        }

        /** Writes each patient's sequence index (in the procedure's sequence order) as the procedure allocates them from {@code seed}. */
        public void allocate(RandomisationSeed seed, int[] sequenceIndex) {
            units.allocate(seed, RERUN_CONTEXT, unitOf, unitOf.length, sequenceIndex);
        }
    }

    /**
     * The seed of re-randomisation {@code k} of a test run from {@code seed}: 32 bytes from SplitMix64 over the seed
     * and the index, so each re-run depends only on (seed, k). Not secret: these allocations are hypothetical.
     */
    public static RandomisationSeed rerunSeed(long seed, long k) {
        byte[] bytes = new byte[32];
        long state = mix64(mix64(seed) + 0x9E3779B97F4A7C15L * (k + 1));
        for (int b = 0; b < bytes.length; b += Long.BYTES) {
            state += 0x9E3779B97F4A7C15L;
            long v = mix64(state);
            for (int j = 0; j < Long.BYTES; j++) {
                bytes[b + j] = (byte) (v >>> (8 * j));
            }
        }
        return RandomisationSeed.ofBytes(bytes);
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
