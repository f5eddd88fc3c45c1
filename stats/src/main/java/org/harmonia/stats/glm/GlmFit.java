package org.harmonia.stats.glm;

import java.util.Objects;

/**
 * The numbers of one fitted model, in design-column order, before names are attached: what the
 * low-level {@link GlmFitter} returns.
 *
 * @param family        the family fitted
 * @param coefficients  the estimates
 * @param covariance    their covariance matrix, row-major p x p (scaled by the dispersion for gaussian)
 * @param n             observations used
 * @param logLik        the maximised log-likelihood (for negbin at the final theta, as {@code glm.nb} reports it)
 * @param aic           Akaike's criterion as R reports it (theta counts as a parameter for negbin; sigma for gaussian)
 * @param deviance      the residual deviance
 * @param nullDeviance  the null deviance, NaN when not computed
 * @param dfResidual    residual degrees of freedom
 * @param dispersion    1 for the count and binomial families, the residual variance for gaussian
 * @param theta         the negative binomial shape, NaN for other families
 * @param thetaSe       its standard error from the observed information, NaN for other families
 * @param iterations    IRLS iterations; for negbin, alternations between beta and theta
 * @param thetaOfFit    for negbin the theta of the last IRLS fit (glm.nb updates theta once more after it; the
 *                      deviance and weights are those of this one), NaN for other families
 * @param weights       the working weights of the last IRLS step, as R's {@code weights(fit, "working")}
 * @param residuals     the working residuals at the estimates, as R's {@code residuals(fit, "working")}
 */
public record GlmFit(Family family, double[] coefficients, double[] covariance, int n, double logLik, double aic,
                     double deviance, double nullDeviance, int dfResidual, double dispersion, double theta,
                     double thetaSe, int iterations, double thetaOfFit, double[] weights, double[] residuals) {

    public GlmFit {
        Objects.requireNonNull(family, "family");
        coefficients = coefficients.clone();
        covariance = covariance.clone();
        weights = weights.clone();
        residuals = residuals.clone();
        if (covariance.length != coefficients.length * coefficients.length) {
            throw new IllegalArgumentException("covariance must be p x p for p = " + coefficients.length);
        }
        if (weights.length != n || residuals.length != n) {
            throw new IllegalArgumentException("weights and residuals must have n = " + n + " values");
        }
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double[] residuals() {
        return residuals.clone();
    }

    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    @Override
    public double[] covariance() {
        return covariance.clone();
    }

    public int p() {
        return coefficients.length;
    }

    /** The estimate of column j. */
    public double coefficient(int j) {
        return coefficients[j];
    }

    /** The standard error of column j. */
    public double standardError(int j) {
        return Math.sqrt(covariance[j * coefficients.length + j]);
    }
}
