package org.harmonia.stats.glm;

import java.util.Objects;

/**
 * The likelihood-ratio test for dropping one term from a model: both models fitted to the same rows (for
 * negbin each with its own theta, as {@code anova()} of two {@code glm.nb} fits).
 *
 * @param term      the term dropped
 * @param statistic 2 x (logLik of the full model - logLik of the reduced one)
 * @param df        the number of coefficients dropped
 * @param p         the upper tail of the chi-square distribution with df degrees of freedom
 */
public record LikelihoodRatioTest(String term, double statistic, int df, double p) {
    public LikelihoodRatioTest {
        Objects.requireNonNull(term, "term");
        if (df < 1) {
            throw new IllegalArgumentException("a likelihood-ratio test needs at least one degree of freedom, not " + df);
        }
    }
}
