package org.harmonia.stats.mmrm;

import java.util.List;

/**
 * A fitted MMRM.
 *
 * @param formula             the fixed effects as given
 * @param covariance          the covariance structure
 * @param subjects            subjects contributing at least one visit
 * @param observations        rows used
 * @param dropped             rows left out for a missing value (response, subject, visit or a covariate)
 * @param visits              the visit levels, in the order of the covariance matrix
 * @param armLevels           the arm levels, reference first (empty without an arm)
 * @param logLik              the REML log-likelihood, as {@code logLik()} of {@code nlme::gls} reports it
 * @param aic                 -2 logLik + 2 (covariance parameters + fixed effects), as {@code AIC()} of {@code gls}
 * @param iterations          Newton iterations of the fit
 * @param fixedEffects        the coefficient table
 * @param covarianceMatrix    the estimated covariance of a subject's residuals across {@code visits}
 * @param correlationMatrix   the same as correlations
 * @param leastSquaresMeans   by visit and arm
 * @param differences         each arm against the reference arm, by visit
 * @param degreesOfFreedom    how the tests' degrees of freedom (and, for Kenward-Roger, the standard errors) were found
 */
public record MmrmResult(String formula, CovarianceStructure covariance, int subjects, int observations, int dropped,
                         List<String> visits, List<String> armLevels, double logLik, double aic, int iterations,
                         List<FixedEffect> fixedEffects, double[][] covarianceMatrix, double[][] correlationMatrix,
                         List<LeastSquaresMean> leastSquaresMeans, List<ArmDifference> differences,
                         DegreesOfFreedom degreesOfFreedom) {
    public MmrmResult {
        java.util.Objects.requireNonNull(degreesOfFreedom, "degreesOfFreedom");
        visits = List.copyOf(visits);
        armLevels = List.copyOf(armLevels);
        fixedEffects = List.copyOf(fixedEffects);
        leastSquaresMeans = List.copyOf(leastSquaresMeans);
        differences = List.copyOf(differences);
    }

    /** The coefficient of that name; fails listing the names when there is none. */
    public FixedEffect fixedEffect(String term) {
        return fixedEffects.stream().filter(f -> f.term().equals(term)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no coefficient \"" + term + "\"; the coefficients are: "
                        + String.join(", ", fixedEffects.stream().map(FixedEffect::term).toList())));
    }
}
