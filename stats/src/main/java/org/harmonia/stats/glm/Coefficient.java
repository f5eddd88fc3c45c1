package org.harmonia.stats.glm;

import java.util.Objects;

/**
 * One row of a model's coefficient table, as R's {@code summary()} and {@code confint.default()} give it
 * ({@code confint()} for gaussian, which uses the t distribution).
 *
 * @param term        the coefficient name as R prints it
 * @param estimate    the estimate on the link scale
 * @param se          its standard error
 * @param statistic   Wald: estimate / se (z for the likelihood families, t for gaussian); likelihood ratio: the
 *                    chi-square for dropping this coefficient; null for the intercept under the likelihood-ratio
 *                    test, which (as R's drop1) is not tested: a model without it is rarely one anyone would fit
 * @param df          degrees of freedom of the statistic: residual df for t, 1 for the likelihood-ratio chi-square,
 *                    null for z
 * @param p           the two-sided p-value (upper chi-square tail for the likelihood ratio); null when not tested
 * @param ciLow       lower end of the 95% confidence interval (Wald, robust Wald or profile likelihood)
 * @param ciHigh      upper end
 * @param expEstimate exp(estimate): a rate ratio (log link) or odds ratio (logit); null for the identity link
 * @param expCiLow    exp(ciLow), null for the identity link
 * @param expCiHigh   exp(ciHigh), null for the identity link
 */
public record Coefficient(String term, double estimate, double se, Double statistic, Integer df, Double p, double ciLow,
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
