package org.harmonia.stats.tests;

/**
 * Risk ratio, risk difference and odds ratio of group 1 against group 2, each with a Wald interval.
 * {@code risk1 = a/(a+b)} and {@code risk2 = c/(c+d)}; {@code continuityCorrected} says that 1/2 was added to
 * every cell for the ratios because one cell is zero.
 */
public record RiskResult(
        long events1,
        long total1,
        long events2,
        long total2,
        double risk1,
        double risk2,
        RiskEstimate riskRatio,
        RiskEstimate riskDifference,
        RiskEstimate oddsRatio,
        boolean continuityCorrected) {
}
