package org.harmonia.stats.meta;

/**
 * The pooled effect: estimate, SE, its z or t statistic ({@code df} present for t), p, 95% CI, the 95% prediction
 * interval for random-effects models, and for log-scale measures (RR, OR) all of them back-transformed with exp.
 */
public record PooledEstimate(double estimate, double se, double statistic, Integer df, double pValue,
        double ciLower, double ciUpper, Double piLower, Double piUpper,
        Double expEstimate, Double expCiLower, Double expCiUpper, Double expPiLower, Double expPiUpper) {

    static PooledEstimate of(Coefficient c, Integer df, Double piLower, Double piUpper, EffectMeasure measure) {
        boolean exp = measure.logScale();
        return new PooledEstimate(c.estimate(), c.se(), c.statistic(), df, c.pValue(), c.ciLower(), c.ciUpper(),
                piLower, piUpper,
                exp ? Math.exp(c.estimate()) : null, exp ? Math.exp(c.ciLower()) : null,
                exp ? Math.exp(c.ciUpper()) : null,
                exp && piLower != null ? Math.exp(piLower) : null, exp && piUpper != null ? Math.exp(piUpper) : null);
    }
}
