package org.harmonia.stats.meta;

import java.util.List;

/**
 * A fitted inverse-variance model (metafor's {@code rma.uni}): coefficients, heterogeneity, the omnibus test
 * of the moderators, weights in percent, and for a random-effects pooled estimate the 95% prediction interval.
 *
 * @param df          residual degrees of freedom k − p of the t and F tests, present with Hartung–Knapp
 * @param iterations  Fisher scoring iterations for REML, absent otherwise
 * @param moderators  QM, the joint test of all coefficients but the intercept; absent for a pooled estimate
 * @param r2          percent of tau² explained by the moderators (pseudo-R² as metafor); absent without moderators
 */
public record RmaFit(MetaMethod method, MetaTest test, int k, int p, List<Coefficient> coefficients,
        Heterogeneity heterogeneity, OmnibusTest moderators, Double r2, Integer df, Integer iterations,
        List<Double> weights, Double piLow, Double piHigh) {

    public RmaFit {
        coefficients = List.copyOf(coefficients);
        weights = List.copyOf(weights);
    }

    /** The intercept, which is the pooled estimate of a model without moderators. */
    public Coefficient intercept() {
        return coefficients.get(0);
    }
}
