package org.harmonia.stats.meta;

/** One estimated coefficient of a meta-analytic model with its test ({@code z} or {@code t}) and 95% interval. */
public record Coefficient(String term, double estimate, double se, double statistic, double p,
        double ciLow, double ciHigh) {
}
