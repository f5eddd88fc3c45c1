package org.harmonia.stats.tests;

/**
 * The outcome of Fisher's exact test of a 2 x 2 table as {@code fisher.test} reports it: the p-value, the
 * conditional maximum likelihood estimate of the odds ratio and its exact confidence interval.
 */
public record FisherResult(
        String method,
        Alternative alternative,
        double p,
        double oddsRatio,
        ConfidenceInterval confInt) {
}
