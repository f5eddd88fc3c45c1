package org.harmonia.trial.randomisation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The running counts of a minimisation: for every factor level, how many patients each sequence has. One
 * allocation costs O(factors x sequences) whatever the number of patients before, which is what lets the
 * trial simulator allocate thousands of trials. Mutable and not thread-safe: one per trial.
 */
public final class MinimisationState {
    /** Scores closer than this (relative) count as tied: they differ only by rounding of the weights. */
    private static final double TIE_TOLERANCE = 1e-9;

    private final Minimisation design;
    private final List<Map<String, int[]>> counts;
    private final int[] totals;
    private final int[] zero;

    MinimisationState(Minimisation design) {
        this.design = design;
        int k = design.sequences.size();
        counts = new ArrayList<>(design.factors.length);
        for (int f = 0; f < design.factors.length; f++) {
            counts.add(new HashMap<>());
        }
        totals = new int[k];
        zero = new int[k];
    }

    /** Decides the new patient's sequence and records the patient under it. */
    public MinimisationDecision allocate(Map<String, String> newPatientLevels, SeededRandom random) {
        MinimisationDecision d = decide(newPatientLevels, random);
        record(d.sequenceId(), newPatientLevels);
        return d;
    }

    /** Decides the new patient's sequence without recording it (the caller records once the allocation is stored). */
    public MinimisationDecision decide(Map<String, String> newPatientLevels, SeededRandom random) {
        int k = design.sequences.size();
        double[] score = new double[k];
        for (int f = 0; f < design.factors.length; f++) {
            int[] c = counts.get(f).getOrDefault(level(f, newPatientLevels), zero);
            addFactorScores(c, design.weights[f], score);
        }
        double best = Double.POSITIVE_INFINITY;
        for (double s : score) {
            best = Math.min(best, s);
        }
        double tolerance = TIE_TOLERANCE * Math.max(1.0, Math.abs(best));
        int[] preferredWeights = new int[k];
        int[] otherWeights = new int[k];
        List<String> preferred = new ArrayList<>(k);
        int lastPreferred = -1;
        for (int j = 0; j < k; j++) {
            if (score[j] <= best + tolerance) {
                preferredWeights[j] = design.sequences.ratios[j];
                preferred.add(design.sequences.ids[j]);
                lastPreferred = j;
            } else {
                otherWeights[j] = design.sequences.ratios[j];
            }
        }
        int chosen;
        MinimisationChoice choice;
        if (preferred.size() == k) {
            chosen = random.nextWeighted(design.sequences.ratios);
            choice = MinimisationChoice.ALL_TIED;
        } else if (random.nextDouble() < design.probability) {
            chosen = preferred.size() == 1 ? lastPreferred : random.nextWeighted(preferredWeights);
            choice = MinimisationChoice.PREFERRED;
        } else {
            chosen = random.nextWeighted(otherWeights);
            choice = MinimisationChoice.RANDOM_ELEMENT;
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int j = 0; j < k; j++) {
            scores.put(design.sequences.ids[j], score[j]);
        }
        return new MinimisationDecision(design.sequences.ids[chosen], scores, preferred, choice);
    }

    /** Records a patient allocated to {@code sequenceId} with the given factor levels. */
    public void record(String sequenceId, Map<String, String> levels) {
        int j = design.sequences.indexOf(sequenceId);
        String[] resolved = new String[design.factors.length];
        for (int f = 0; f < resolved.length; f++) {
            resolved[f] = level(f, levels);
        }
        int k = design.sequences.size();
        for (int f = 0; f < resolved.length; f++) {
            counts.get(f).computeIfAbsent(resolved[f], x -> new int[k])[j]++;
        }
        totals[j]++;
    }

    /** Patients with this level of this factor allocated to this sequence. */
    public int count(String factor, String level, String sequenceId) {
        return counts.get(factorIndex(factor)).getOrDefault(level, zero)[design.sequences.indexOf(sequenceId)];
    }

    /** Patients allocated to this sequence. */
    public int total(String sequenceId) {
        return totals[design.sequences.indexOf(sequenceId)];
    }

    /** Patients allocated so far. */
    public int size() {
        int n = 0;
        for (int t : totals) {
            n += t;
        }
        return n;
    }

    /** The levels of a factor seen so far, in sorted order. */
    public Set<String> levels(String factor) {
        return new TreeSet<>(counts.get(factorIndex(factor)).keySet());
    }

    /**
     * The largest marginal imbalance: over every factor level, the range of the ratio-adjusted counts
     * (count / ratio) across sequences. In a 1:1 trial, the largest difference in number of patients.
     */
    public double maxMarginalImbalance() {
        double worst = 0;
        for (Map<String, int[]> byLevel : counts) {
            for (int[] c : byLevel.values()) {
                worst = Math.max(worst, adjustedRange(c));
            }
        }
        return worst;
    }

    /** The range of the ratio-adjusted totals across sequences: the overall imbalance. */
    public double overallImbalance() {
        return adjustedRange(totals);
    }

    private double adjustedRange(int[] c) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int j = 0; j < c.length; j++) {
            long x = c[j] * design.scale[j];
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return (double) (max - min) / design.lcm;
    }

    /**
     * Adds, for every candidate sequence, the weighted imbalance this factor level would have if the patient
     * joined that sequence. Summaries of the current counts (sum, sum of squares, smallest, second smallest,
     * largest) are taken once, so each candidate costs O(1).
     */
    private void addFactorScores(int[] c, double weight, double[] score) {
        int k = c.length;
        long[] scale = design.scale;
        if (design.measure == ImbalanceMeasure.RANGE) {
            long max = Long.MIN_VALUE;
            long min = Long.MAX_VALUE;
            long secondMin = Long.MAX_VALUE;
            int atMin = 0;
            for (int j = 0; j < k; j++) {
                long x = c[j] * scale[j];
                max = Math.max(max, x);
                if (x < min) {
                    secondMin = min;
                    min = x;
                    atMin = 1;
                } else if (x == min) {
                    atMin++;
                } else {
                    secondMin = Math.min(secondMin, x);
                }
            }
            for (int j = 0; j < k; j++) {
                long x = c[j] * scale[j];
                long moved = x + scale[j];
                long newMax = Math.max(max, moved);
                long newMin = x == min && atMin == 1 ? Math.min(secondMin, moved) : min;
                score[j] += weight * ((double) (newMax - newMin) / design.lcm);
            }
        } else {
            long sum = 0;
            long squares = 0;
            for (int j = 0; j < k; j++) {
                long x = c[j] * scale[j];
                sum += x;
                squares += x * x;
            }
            double denominator = (double) k * k * design.lcm * design.lcm;
            for (int j = 0; j < k; j++) {
                long x = c[j] * scale[j];
                long a = scale[j];
                long s = sum + a;
                long q = squares + 2 * x * a + a * a;
                // k^2 * variance = k * sum(x^2) - (sum x)^2, exact in whole numbers.
                score[j] += weight * ((k * q - s * s) / denominator);
            }
        }
    }

    private String level(int f, Map<String, String> levels) {
        String v = levels.get(design.factors[f]);
        if (v == null || v.isBlank()) {
            throw new RandomisationException("the patient has no level for the minimisation factor " + design.factors[f]);
        }
        return v;
    }

    private int factorIndex(String factor) {
        for (int f = 0; f < design.factors.length; f++) {
            if (design.factors[f].equals(factor)) {
                return f;
            }
        }
        throw new RandomisationException("\"" + factor + "\" is not a minimisation factor; the factors are " + String.join(", ", design.factors));
    }
}
