package org.harmonia.stats.survival;

import java.util.List;

/**
 * A fitted Cox proportional hazards model with the three global tests of {@code summary(coxph)}: likelihood ratio,
 * Wald, and score (log-rank). {@code droppedMissing} counts rows left out for a missing value, as na.omit.
 */
public record CoxFit(String ties, List<CoxCoefficient> coefficients, int n, int events, int droppedMissing,
        int iterations, double logLikNull, double logLik, ChiSquareTest likelihoodRatio, ChiSquareTest wald,
        ChiSquareTest score, double[][] variance) {

    public CoxFit {
        coefficients = List.copyOf(coefficients);
        double[][] copy = new double[variance.length][];
        for (int i = 0; i < variance.length; i++) {
            copy[i] = variance[i].clone();
        }
        variance = copy;
        if (events < 1 || events > n) {
            throw new IllegalArgumentException("inconsistent counts");
        }
    }

    @Override
    public double[][] variance() {
        double[][] copy = new double[variance.length][];
        for (int i = 0; i < variance.length; i++) {
            copy[i] = variance[i].clone();
        }
        return copy;
    }

    public CoxCoefficient coefficient(String term) {
        return coefficients.stream().filter(c -> c.term().equals(term)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no coefficient " + term));
    }
}
