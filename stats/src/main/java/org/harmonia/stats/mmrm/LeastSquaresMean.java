package org.harmonia.stats.mmrm;

import java.util.Objects;

/**
 * The model's mean at one visit in one arm, as {@code emmeans} computes it: covariates at their mean over the
 * rows used, other factors weighted equally.
 *
 * @param visit    the visit level
 * @param arm      the arm level ({@code null} when the model has no arm)
 * @param estimate the least-squares mean
 * @param se       its standard error
 * @param df       Satterthwaite degrees of freedom
 * @param ciLow    lower end of the 95% confidence interval
 * @param ciHigh   upper end
 */
public record LeastSquaresMean(String visit, String arm, double estimate, double se, double df, double ciLow,
                               double ciHigh) {
    public LeastSquaresMean {
        Objects.requireNonNull(visit, "visit");
    }
}
