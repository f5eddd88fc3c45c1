package org.harmonia.stats.meta;

/**
 * Egger's regression test for funnel-plot asymmetry (metafor's {@code regtest} with predictor {@code sei}):
 * the test of the standard-error slope, and the limit estimate (the intercept, as sei → 0) with its 95% CI.
 *
 * @param df degrees of freedom of the t test with Hartung–Knapp, absent for a z test
 */
public record EggerTest(double statistic, Integer df, double p, double limitEstimate,
        double limitCiLow, double limitCiHigh) {
}
