package org.harmonia.stats.meta;

/**
 * The pooled effect: estimate, SE, its z or t statistic ({@code df} present for t), p, 95% CI, the 95% prediction
 * interval for random-effects models, and for log-scale measures (RR, OR) all of them back-transformed with exp.
 */
public record PooledEstimate(double estimate, double se, double statistic, Integer df, double p,
        double ciLow, double ciHigh, Double piLow, Double piHigh,
        Double expEstimate, Double expCiLow, Double expCiHigh, Double expPiLow, Double expPiHigh) {

    static PooledEstimate of(Coefficient c, Integer df, Double piLow, Double piHigh, EffectMeasure measure) {
        boolean exp = measure.logScale();
        return new PooledEstimate(c.estimate(), c.se(), c.statistic(), df, c.p(), c.ciLow(), c.ciHigh(),
                piLow, piHigh,
                exp ? Math.exp(c.estimate()) : null, exp ? Math.exp(c.ciLow()) : null,
                exp ? Math.exp(c.ciHigh()) : null,
                exp && piLow != null ? Math.exp(piLow) : null, exp && piHigh != null ? Math.exp(piHigh) : null);
    }
}
