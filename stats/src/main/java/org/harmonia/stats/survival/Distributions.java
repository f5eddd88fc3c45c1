package org.harmonia.stats.survival;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.special.Erf;
import org.hipparchus.special.Gamma;

/** Tail probabilities computed directly from the special functions, so that tiny p-values keep their precision. */
final class Distributions {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

    private Distributions() {
    }

    static double normalQuantile(double p) {
        return STANDARD_NORMAL.inverseCumulativeProbability(p);
    }

    /** P(|Z| > |z|) for a standard normal Z. */
    static double twoSidedNormalP(double z) {
        return Erf.erfc(Math.abs(z) / Math.sqrt(2));
    }

    /** P(X > x) for X chi-square with {@code df} degrees of freedom. */
    static double chiSquareUpperTail(double x, int df) {
        if (x <= 0) {
            return 1;
        }
        return Gamma.regularizedGammaQ(df / 2.0, x / 2);
    }
}
