package org.harmonia.stats.glm;

/**
 * Iteration settings of a fit, with R's {@code glm.control()} defaults.
 *
 * @param maxIterations IRLS iterations per fit, and alternations between beta and theta for negbin (R: 25)
 * @param epsilon       convergence tolerance on the relative change in deviance (R: 1e-8)
 * @param nullDeviance  whether to compute the null deviance, which needs an extra fit when there is an offset
 * @param negBin        how a negative binomial model is fitted (glm.nb's alternation unless asked otherwise)
 */
public record GlmControl(int maxIterations, double epsilon, boolean nullDeviance, NegBinAlgorithm negBin) {

    /** R's defaults: 25 iterations, epsilon 1e-8, null deviance computed, glm.nb's alternation. */
    public static final GlmControl DEFAULT = new GlmControl(25, 1e-8, true);

    public GlmControl(int maxIterations, double epsilon, boolean nullDeviance) {
        this(maxIterations, epsilon, nullDeviance, NegBinAlgorithm.ALTERNATING);
    }

    public GlmControl {
        java.util.Objects.requireNonNull(negBin, "negBin");
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1, not " + maxIterations);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be positive, not " + epsilon);
        }
    }

    /** The same settings without the null deviance, for simulations that only need the coefficients. */
    public GlmControl withoutNullDeviance() {
        return new GlmControl(maxIterations, epsilon, false, negBin);
    }

    /** The same settings with the negative binomial fitted by {@code algorithm}. */
    public GlmControl withNegBin(NegBinAlgorithm algorithm) {
        return new GlmControl(maxIterations, epsilon, nullDeviance, algorithm);
    }
}
