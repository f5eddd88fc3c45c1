package org.harmonia.stats.glm;

import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.StatsException;
import org.hipparchus.analysis.solvers.BrentSolver;
import org.hipparchus.exception.MathRuntimeException;

/**
 * Profile-likelihood confidence intervals of single coefficients, the intervals {@code MASS::confint} gives
 * for a glm: the coefficient is fixed at b (moved into the offset), the other coefficients refitted, and the
 * interval is where the signed root of the deviance increase, sign(b - estimate) sqrt(D(b) - D), stays within
 * the normal quantile. For the negative binomial theta stays at its estimate, as MASS's profile does. MASS
 * interpolates a spline through a grid of profile points; here the ends are found as roots (Brent), so the
 * two agree to the accuracy of MASS's interpolation, and this one is the exact interval.
 */
public final class ProfileLikelihood {
    private static final int MAX_STEPS = 60;

    private final Family family;
    private final double[][] x;
    private final double[] y;
    private final double[] offset;
    private final GlmFit fit;
    private final GlmFitter fitter = new GlmFitter(GlmControl.DEFAULT.withoutNullDeviance());

    public ProfileLikelihood(Family family, double[][] x, double[] y, double[] offset, GlmFit fit) {
        if (family == Family.GAUSSIAN) {
            throw new IllegalArgumentException("profile intervals are for the likelihood families");
        }
        this.family = family;
        this.x = x;
        this.y = y;
        this.offset = offset;
        this.fit = fit;
    }

    /** The (low, high) interval of column j at the two-sided normal quantile {@code z}. */
    public double[] interval(int j, double z, String name) {
        double estimate = fit.coefficient(j);
        double se = fit.standardError(j);
        try {
            return new double[] {end(j, estimate, se, -1, z), end(j, estimate, se, +1, z)};
        } catch (StatsException e) {
            throw new InvalidDataException("the profile-likelihood interval of " + name + " could not be followed to its "
                    + "limit: " + e.getMessage());
        }
    }

    private double end(int j, double estimate, double se, int direction, double z) {
        double inner = estimate;
        double outer = estimate + direction * z * se;
        int steps = 0;
        while (Math.abs(signedRoot(j, estimate, outer)) < z) {
            if (++steps > MAX_STEPS) {
                throw new InvalidDataException("the profile likelihood of coefficient " + (j + 1) + " stays within the "
                        + "interval " + MAX_STEPS + " standard errors away from the estimate: the interval is unbounded");
            }
            inner = outer;
            outer += direction * se;
        }
        double target = direction * z;
        BrentSolver solver = new BrentSolver(1e-14, 1e-11 * se);
        try {
            return solver.solve(200, b -> signedRoot(j, estimate, b) - target, Math.min(inner, outer), Math.max(inner, outer));
        } catch (MathRuntimeException e) {
            throw new InvalidDataException("the profile likelihood of coefficient " + (j + 1) + " did not cross its limit: "
                    + e.getMessage());
        }
    }

    /** sign(b - estimate) sqrt(D(b) - D) with D the deviance at the estimates (dispersion 1). */
    double signedRoot(int j, double estimate, double b) {
        double increase = Math.max(0, restrictedDeviance(j, b) - fit.deviance());
        return Math.signum(b - estimate) * Math.sqrt(increase);
    }

    private double restrictedDeviance(int j, double b) {
        int n = y.length;
        double[] shifted = new double[n];
        double[] column = x[j];
        for (int i = 0; i < n; i++) {
            shifted[i] = (offset == null ? 0 : offset[i]) + b * column[i];
        }
        double theta = fit.thetaOfFit();
        if (x.length == 1) {
            return fitter.devianceAtOffset(family, theta, y, shifted);
        }
        double[][] others = ModelMatrix.withoutColumn(x, j);
        GlmFit restricted = family == Family.NEGBIN
                ? fitter.fitWithTheta(theta, others, y, shifted, false)
                : fitter.fit(family, others, y, shifted, false);
        return restricted.deviance();
    }
}
