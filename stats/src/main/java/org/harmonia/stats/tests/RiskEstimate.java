package org.harmonia.stats.tests;

/**
 * One effect measure of a 2 x 2 table with its Wald confidence interval. For ratios {@code variance} is that
 * of the log ratio (metafor's {@code vi}), and the interval is the exponentiated log-scale interval.
 */
public record RiskEstimate(double estimate, double variance, ConfidenceInterval confInt) {
}
