package org.harmonia.stats.meta;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.special.Beta;
import org.hipparchus.special.Erf;
import org.hipparchus.special.Gamma;

/** Tail probabilities and quantiles, computed from the upper tail directly so tiny p-values keep their digits. */
final class Probabilities {
    private static final NormalDistribution NORMAL = new NormalDistribution();

    private Probabilities() {
    }

    /** Two-sided p of a standard normal statistic. */
    static double normalTwoSided(double z) {
        return Erf.erfc(Math.abs(z) / Math.sqrt(2));
    }

    /** Two-sided p of a t statistic with {@code df} degrees of freedom. */
    static double tTwoSided(double t, double df) {
        return Beta.regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /** Upper tail of a chi-squared distribution. */
    static double chiSquaredUpper(double x, double df) {
        if (x <= 0) {
            return 1;
        }
        return Gamma.regularizedGammaQ(df / 2, x / 2);
    }

    /** Upper tail of an F distribution. */
    static double fUpper(double f, double df1, double df2) {
        if (f <= 0) {
            return 1;
        }
        return Beta.regularizedBeta(df2 / (df2 + df1 * f), df2 / 2, df1 / 2);
    }

    /** The 97.5% quantile of the standard normal, for 95% intervals. */
    static double normalCritical() {
        return NORMAL.inverseCumulativeProbability(0.975);
    }

    /** The 97.5% quantile of a t distribution. */
    static double tCritical(double df) {
        return new TDistribution(df).inverseCumulativeProbability(0.975);
    }
}
