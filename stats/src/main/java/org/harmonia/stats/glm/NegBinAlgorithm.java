package org.harmonia.stats.glm;

/** How a negative binomial model's coefficients and theta are found; both reach the same maximum. */
public enum NegBinAlgorithm {
    /**
     * {@code MASS::glm.nb}'s own iteration: IRLS for the coefficients alternating with Newton steps for theta. The
     * reported numbers are R's to rounding, since the same iterates are computed in the same order.
     */
    ALTERNATING,
    /**
     * Newton-Raphson on the full log-likelihood in (beta, log theta) with the exact Hessian and a line search,
     * falling back to {@link #ALTERNATING} when it does not settle. Several times fewer passes over the data; the
     * estimates are the maximum glm.nb converges to, equal to its output within glm.nb's own convergence tolerance.
     */
    JOINT_NEWTON
}
