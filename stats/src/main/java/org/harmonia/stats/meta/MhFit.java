package org.harmonia.stats.meta;

import java.util.List;

/**
 * A Mantel–Haenszel pooled estimate (metafor's {@code rma.mh}) with the heterogeneity test on the studies'
 * effect sizes, the weights in percent and, for odds ratios, the Cochran–Mantel–Haenszel test.
 *
 * @param kEffects number of studies with an effect size for the Q test (double-zero tables are left out)
 * @param cmh      Cochran–Mantel–Haenszel chi-squared test with continuity correction (odds ratio only)
 */
public record MhFit(EffectMeasure measure, int k, int kEffects, Coefficient estimate, Heterogeneity heterogeneity,
        List<Double> weights, OmnibusTest cmh) {

    public MhFit {
        weights = List.copyOf(weights);
    }
}
