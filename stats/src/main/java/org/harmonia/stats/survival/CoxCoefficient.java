package org.harmonia.stats.survival;

/**
 * One coefficient of a Cox model, as a row of {@code summary(coxph)}, in the vocabulary of every stats method:
 * {@code estimate} is the log hazard ratio (coxph's {@code coef}), {@code statistic} its z, {@code ciLow}/{@code
 * ciHigh} the 95% Wald interval of the log hazard ratio, and the {@code exp...} values the hazard ratio and its
 * interval ({@code exp(coef)}, {@code lower .95}, {@code upper .95}).
 */
public record CoxCoefficient(String term, double estimate, double se, double statistic, double p, double ciLow,
        double ciHigh, double expEstimate, double expCiLow, double expCiHigh) {

    public CoxCoefficient {
        if (!(se > 0) || !(ciLow <= ciHigh)) {
            throw new IllegalArgumentException("invalid standard error or interval for " + term);
        }
    }
}
