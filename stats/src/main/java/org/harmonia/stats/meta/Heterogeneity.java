package org.harmonia.stats.meta;

/**
 * Between-study heterogeneity of a fitted model: Cochran's Q (the residual QE in a meta-regression) with its
 * degrees of freedom and p, I² (percent), H², and tau² with its standard error where the method gives one.
 */
public record Heterogeneity(double q, int df, double p, double i2, double h2, double tau2, Double tau2Se) {

    /** tau, the between-study standard deviation. */
    public double tau() {
        return Math.sqrt(tau2);
    }
}
