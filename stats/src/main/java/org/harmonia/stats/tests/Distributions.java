package org.harmonia.stats.tests;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.special.Gamma;

/** Tail probabilities and quantiles, each tail computed directly so small p-values keep their relative accuracy. */
final class Distributions {
    private static final NormalDistribution NORMAL = new NormalDistribution();

    private Distributions() {
    }

    static double normalLower(double z) {
        return NORMAL.cumulativeProbability(z);
    }

    static double normalUpper(double z) {
        return NORMAL.cumulativeProbability(-z);
    }

    static double normalQuantile(double p) {
        return NORMAL.inverseCumulativeProbability(p);
    }

    static double tLower(double t, double df) {
        return new TDistribution(df).cumulativeProbability(t);
    }

    static double tUpper(double t, double df) {
        return new TDistribution(df).cumulativeProbability(-t);
    }

    /** The quantile solved to near machine precision; Hipparchus' default accuracy (1e-9) is too coarse for 1e-6 checks of small intervals. */
    static double tQuantile(double p, double df) {
        return new TDistribution(df, 1e-15).inverseCumulativeProbability(p);
    }

    static double chiSquareUpper(double x, double df) {
        return Gamma.regularizedGammaQ(df / 2, x / 2);
    }

    /** p-value of a statistic whose lower and upper tail probabilities are given, as R combines them. */
    static double p(Alternative alternative, double lower, double upper) {
        return switch (alternative) {
            case LESS -> lower;
            case GREATER -> upper;
            case TWO_SIDED -> Math.min(1, 2 * Math.min(lower, upper));
        };
    }
}
