package org.harmonia.stats.glm;

import java.util.List;
import java.util.Objects;

/**
 * A fitted model with named coefficients, as the {@code glm} command reports it.
 *
 * @param family       the family fitted
 * @param formula      the formula text
 * @param n            rows used
 * @param dropped      rows dropped for a missing value in a used column (as na.omit)
 * @param inference    how the coefficient table was tested and its intervals formed
 * @param coefficients the coefficient table
 * @param logLik       the log-likelihood
 * @param aic          AIC as R reports it
 * @param deviance     the residual deviance (residual sum of squares for gaussian)
 * @param nullDeviance the null deviance
 * @param dfResidual   residual degrees of freedom
 * @param theta        negbin shape, null for other families
 * @param thetaSe      its standard error, null for other families
 * @param iterations   IRLS iterations (negbin: alternations between beta and theta)
 * @param lrt          the likelihood-ratio test asked for, or null
 */
public record GlmResult(Family family, String formula, int n, int dropped, Inference inference, List<Coefficient> coefficients,
                        double logLik, double aic, double deviance, double nullDeviance, int dfResidual,
                        Double theta, Double thetaSe, int iterations, LikelihoodRatioTest lrt) {
    public GlmResult {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(formula, "formula");
        Objects.requireNonNull(inference, "inference");
        coefficients = List.copyOf(coefficients);
    }

    /** The coefficient of that name; fails listing the names if there is none. */
    public Coefficient coefficient(String term) {
        return coefficients.stream().filter(c -> c.term().equals(term)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no coefficient \"" + term + "\"; there are: "
                        + String.join(", ", coefficients.stream().map(Coefficient::term).toList())));
    }

    /** The same result with a likelihood-ratio test attached. */
    public GlmResult withLrt(LikelihoodRatioTest test) {
        return new GlmResult(family, formula, n, dropped, inference, coefficients, logLik, aic, deviance, nullDeviance, dfResidual,
                theta, thetaSe, iterations, test);
    }
}
