package org.harmonia.stats.mmrm;

import java.util.Objects;

/**
 * One fixed-effect coefficient of an MMRM with a t test on Satterthwaite degrees of freedom.
 *
 * @param term      the coefficient name as R prints it ({@code visit24:armMSC})
 * @param estimate  the REML (generalised least squares) estimate
 * @param se        its standard error
 * @param statistic estimate / se
 * @param df        Satterthwaite degrees of freedom
 * @param p         two-sided p-value of the t test
 * @param ciLow     lower end of the 95% confidence interval
 * @param ciHigh    upper end
 */
public record FixedEffect(String term, double estimate, double se, double statistic, double df, double p, double ciLow,
                          double ciHigh) {
    public FixedEffect {
        Objects.requireNonNull(term, "term");
        if (!(se >= 0)) {
            throw new IllegalArgumentException("standard error of " + term + " must be non-negative, not " + se);
        }
    }
}
