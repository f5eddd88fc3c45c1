package org.harmonia.stats.survival;

/** One coefficient of a Cox model, as a row of {@code summary(coxph)}: log hazard ratio, hazard ratio and its CI. */
public record CoxCoefficient(String term, double coef, double hazardRatio, double se, double z, double pValue,
        double lower, double upper) {

    public CoxCoefficient {
        if (!(se > 0) || !(lower <= upper)) {
            throw new IllegalArgumentException("invalid standard error or interval for " + term);
        }
    }
}
