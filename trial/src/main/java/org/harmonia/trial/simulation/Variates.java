package org.harmonia.trial.simulation;

import java.util.SplittableRandom;
import org.hipparchus.special.Gamma;

/**
 * Gamma and Poisson variates drawn from a {@link SplittableRandom}, exact (no normal approximations), written
 * for the simulator's hot path: no allocation, one or a few uniforms per draw.
 */
public final class Variates {
    /** Below this mean a Poisson variate is drawn by inversion (expected mean + 1 steps); above, by rejection. */
    private static final double INVERSION_LIMIT = 10;

    private Variates() {
    }

    /** A Gamma(shape, scale 1) variate: Marsaglia and Tsang (2000), with the U^(1/shape) boost below shape 1. */
    public static double gamma(SplittableRandom random, double shape) {
        if (shape < 1) {
            double u = random.nextDouble();
            // Gamma(a) = Gamma(a + 1) * U^(1/a); 1 - u keeps the base in (0, 1].
            return gamma(random, shape + 1) * Math.pow(1 - u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            double x2 = x * x;
            if (u < 1 - 0.0331 * x2 * x2) {
                return d * v;
            }
            if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /** A Poisson variate with the given mean (0 for a mean of 0). */
    public static int poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean < INVERSION_LIMIT) {
            return poissonByInversion(random, mean);
        }
        return poissonByTransformedRejection(random, mean);
    }

    private static int poissonByInversion(SplittableRandom random, double mean) {
        double u = random.nextDouble();
        double p = Math.exp(-mean);
        double cumulative = p;
        int k = 0;
        // The bound on k guards against u so close to 1 that rounding keeps the sum below it.
        while (u > cumulative && k < 1000) {
            k++;
            p *= mean / k;
            cumulative += p;
        }
        return k;
    }

    /** Hörmann's PTRS (transformed rejection with squeeze), Insurance: Mathematics and Economics 12, 1993. */
    private static int poissonByTransformedRejection(SplittableRandom random, double mean) {
        double sqrtMean = Math.sqrt(mean);
        double logMean = Math.log(mean);
        double b = 0.931 + 2.53 * sqrtMean;
        double a = -0.059 + 0.02483 * b;
        double inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = random.nextDouble() - 0.5;
            double v = random.nextDouble();
            double us = 0.5 - Math.abs(u);
            double k = Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return (int) k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(inverseAlpha) - Math.log(a / (us * us) + b)
                    <= -mean + k * logMean - Gamma.logGamma(k + 1)) {
                return (int) k;
            }
        }
    }
}
