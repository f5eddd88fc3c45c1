package org.harmonia.trial.randomisation;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.harmonia.trial.protocol.Randomisation;
import org.harmonia.trial.protocol.RandomisationMethod;
import org.harmonia.trial.protocol.Sequence;

/**
 * Pocock-Simon minimisation with a random element: a validated design (sequences and ratio, factors and
 * their weights, the probability of taking the preferred sequence, the imbalance measure). The running
 * counts live in a {@link MinimisationState}; this class is immutable and can be shared.
 *
 * <p>For each candidate sequence, the new patient is added to it hypothetically and, for each factor, the
 * imbalance of the patient's level across sequences is measured on ratio-adjusted counts (count / ratio, so
 * a 2:1 design balances towards 2:1); the candidate's score is the weighted sum over factors. With
 * probability {@code probability} a lowest-scoring sequence is taken (ties drawn at random in the ratio),
 * otherwise one of the others (drawn in the ratio); when all score the same, the draw is over all
 * sequences in the ratio.
 */
public final class Minimisation {
    /** The purpose under which the seed's stream for minimisation is derived. */
    public static final String PURPOSE = "minimisation";

    final SequenceRatios sequences;
    final String[] factors;
    final double[] weights;
    final double probability;
    final ImbalanceMeasure measure;
    /** Each sequence's count is multiplied by {@code scale[j] = lcm(ratios) / ratio[j]}, so adjusted counts stay whole numbers and ties are exact. */
    final long[] scale;
    final long lcm;

    public Minimisation(List<Sequence> sequences, List<String> factors, double probability, ImbalanceMeasure measure) {
        this(sequences, factors, probability, measure, null);
    }

    /** {@code weights} by factor name; null or empty weighs every factor 1. */
    public Minimisation(List<Sequence> sequences, List<String> factors, double probability, ImbalanceMeasure measure,
                        Map<String, Double> weights) {
        this.sequences = new SequenceRatios(sequences);
        if (factors == null || factors.isEmpty()) {
            throw new RandomisationException("minimisation needs at least one factor");
        }
        Set<String> seen = new HashSet<>();
        for (String f : factors) {
            if (f == null || f.isBlank()) {
                throw new RandomisationException("a minimisation factor needs a name");
            }
            if (!seen.add(f)) {
                throw new RandomisationException("the minimisation factor " + f + " is listed twice");
            }
        }
        this.factors = factors.toArray(String[]::new);
        int k = this.sequences.size();
        if (!(probability > 1.0 / k && probability <= 1.0)) {
            throw new RandomisationException("the probability of taking the preferred sequence must be above 1/" + k
                    + " (pure chance with " + k + " sequences) and at most 1; got " + probability);
        }
        this.probability = probability;
        if (measure == null) {
            throw new RandomisationException("minimisation needs an imbalance measure (RANGE or VARIANCE)");
        }
        this.measure = measure;
        this.weights = weights(this.factors, weights);
        long l = 1;
        for (int r : this.sequences.ratios) {
            l = lcm(l, r);
        }
        lcm = l;
        scale = new long[k];
        for (int j = 0; j < k; j++) {
            scale[j] = l / this.sequences.ratios[j];
        }
    }

    /** The design a protocol prescribes; the protocol must use minimisation and give its probability. */
    public static Minimisation of(Randomisation randomisation, List<Sequence> sequences, ImbalanceMeasure measure) {
        if (randomisation.method() != RandomisationMethod.MINIMISATION) {
            throw new RandomisationException("the protocol randomises by " + randomisation.method() + ", not by minimisation");
        }
        if (randomisation.probability() == null) {
            throw new RandomisationException("the protocol's minimisation gives no probability of taking the preferred sequence");
        }
        return new Minimisation(sequences, randomisation.factors(), randomisation.probability(), measure);
    }

    /** Empty running counts, to allocate patients one after another. */
    public MinimisationState newState() {
        return new MinimisationState(this);
    }

    /**
     * Allocates a new patient given everyone allocated before. Rebuilds the counts from {@code prior}; a
     * caller allocating many patients in turn should keep a {@link MinimisationState} instead.
     */
    public MinimisationDecision allocate(List<PriorAllocation> prior, Map<String, String> newPatientLevels, SeededRandom random) {
        MinimisationState state = newState();
        for (PriorAllocation p : prior) {
            state.record(p.sequenceId(), p.levels());
        }
        return state.decide(newPatientLevels, random);
    }

    public List<String> factors() {
        return List.of(factors);
    }

    public double probability() {
        return probability;
    }

    public ImbalanceMeasure measure() {
        return measure;
    }

    private static double[] weights(String[] factors, Map<String, Double> given) {
        double[] w = new double[factors.length];
        if (given == null || given.isEmpty()) {
            Arrays.fill(w, 1.0);
            return w;
        }
        for (String name : given.keySet()) {
            if (!List.of(factors).contains(name)) {
                throw new RandomisationException("a weight is given for " + name + ", which is not a minimisation factor; the factors are "
                        + String.join(", ", factors));
            }
        }
        for (int f = 0; f < factors.length; f++) {
            Double v = given.get(factors[f]);
            if (v == null) {
                throw new RandomisationException("no weight is given for the minimisation factor " + factors[f]);
            }
            if (!(v > 0) || v.isInfinite()) {
                throw new RandomisationException("the weight of the minimisation factor " + factors[f] + " must be a positive number; got " + v);
            }
            w[f] = v;
        }
        return w;
    }

    private static long lcm(long a, long b) {
        long x = a;
        long y = b;
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }
}
