package org.harmonia.stats.tests;

/**
 * The outcome of a t test, with R's {@code htest} fields: {@code statistic} t, {@code df}, {@code p}, the
 * interval for the mean (one sample), mean difference (paired) or difference of means (two samples), and
 * {@code se} of that quantity.
 *
 * <p>{@code meanX} and {@code meanY} are the sample means ({@code meanY} is NaN for one sample);
 * {@code estimate} is the mean, the mean of the paired differences, or {@code meanX - meanY}.
 */
public record TTestResult(
        String method,
        Alternative alternative,
        double mu,
        double statistic,
        double df,
        double p,
        double estimate,
        double meanX,
        double meanY,
        double se,
        ConfidenceInterval confInt,
        int nX,
        int nY) {
}
