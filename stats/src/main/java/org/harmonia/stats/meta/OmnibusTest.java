package org.harmonia.stats.meta;

/**
 * A joint test of several coefficients or groups: chi-squared with {@code df1} degrees of freedom, or F with
 * ({@code df1}, {@code df2}) when {@code df2} is present (Hartung–Knapp).
 */
public record OmnibusTest(double statistic, int df1, Integer df2, double p) {
}
