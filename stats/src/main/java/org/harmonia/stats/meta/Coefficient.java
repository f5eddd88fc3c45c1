package org.harmonia.stats.meta;

/** One estimated coefficient of a meta-analytic model with its test ({@code z} or {@code t}) and 95% interval. */
public record Coefficient(String name, double estimate, double se, double statistic, double pValue,
        double ciLower, double ciUpper) {
}
