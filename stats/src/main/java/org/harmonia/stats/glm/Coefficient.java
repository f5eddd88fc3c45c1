package org.harmonia.stats.glm;

import java.util.Objects;

/**
 * One row of a model's coefficient table, as R's {@code summary()} and {@code confint.default()} give it
 * ({@code confint()} for gaussian, which uses the t distribution).
 *
 * @param term        the coefficient name as R prints it
 * @param estimate    the estimate on the link scale
 * @param se          its standard error
 * @param statistic   estimate / se: z for the likelihood families, t for gaussian
 * @param p           the two-sided p-value
 * @param ciLow       lower end of the 95% confidence interval
 * @param ciHigh      upper end
 * @param expEstimate exp(estimate): a rate ratio (log link) or odds ratio (logit); null for the identity link
 * @param expCiLow    exp(ciLow), null for the identity link
 * @param expCiHigh   exp(ciHigh), null for the identity link
 */
public record Coefficient(String term, double estimate, double se, double statistic, double p, double ciLow,
                          double ciHigh, Double expEstimate, Double expCiLow, Double expCiHigh) {
    public Coefficient {
        Objects.requireNonNull(term, "term");
        if (!(se >= 0)) {
            throw new IllegalArgumentException("standard error of " + term + " must be non-negative, not " + se);
        }
        if (!(ciLow <= ciHigh)) {
            throw new IllegalArgumentException("confidence interval of " + term + " is reversed: " + ciLow + " > " + ciHigh);
        }
    }
}
