package org.harmonia.stats.glm;

import org.harmonia.stats.InvalidDataException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;

/**
 * The score (Rao) statistic for adding one column {@code z} to a fitted null model, computed from the null fit
 * alone: with the null model's working weights {@code w} and working residuals {@code r}, and {@code r~} the
 * residual of the weighted regression of {@code r} on the null design X,
 * {@code S(z) = (z'W r~)^2 / (z'Wz - z'WX (X'WX)^-1 X'Wz)}, chi-square on 1 df under the null hypothesis. This is
 * what R's {@code anova(m0, m1, test = "Rao")} computes (the regression sum of squares the extra column adds to the
 * weighted regression of the working residuals), with the dispersion 1 of the Poisson, binomial and negative
 * binomial families (for {@code glm.nb} the null model refitted with theta held at its estimate, as
 * {@code glm(family = negative.binomial(theta))}).
 *
 * <p>Nothing here depends on {@code z} but the two sums, so one null fit serves any number of candidate columns:
 * each costs O(n p). That is what makes a re-randomisation test of 10,000 allocations cheap.
 */
public final class ScoreTest {
    /** Below this (relative to z'Wz) the column lies in the null model's span: no information, statistic 0. */
    private static final double SINGULAR = 1e-10;

    private final int n;
    private final int p;
    private final double[][] x;
    private final double[] w;
    private final double[] wr;
    private final double[] inverse;
    private final double[] b;
    /**
     * R's statistic is the drop in the weighted residual sum of squares of the working residuals from the
     * intercept-only regression to the one on (X, z); the part from the intercept to X is zero only to the null
     * fit's convergence tolerance (about 1e-7 here). It does not depend on z, so it is kept apart: added to the
     * statistic reported (to equal R's), left out of the comparisons between allocations (where it cancels).
     */
    private final double convergenceRemainder;

    /**
     * @param nullFit   the null model's fit (for negbin, at fixed theta, so its weights and residuals are those of
     *                  that theta)
     * @param x         its design columns {@code x[j][i]}
     * @param intercept whether the null model has an intercept (column 0)
     */
    public ScoreTest(GlmFit nullFit, double[][] x, boolean intercept) {
        if (nullFit.family() == Family.GAUSSIAN) {
            throw new InvalidDataException("the score test here is for binomial, poisson and negbin models, whose dispersion is 1");
        }
        this.n = nullFit.n();
        this.p = x.length;
        if (p != nullFit.p()) {
            throw new IllegalArgumentException("the fit has " + nullFit.p() + " coefficients but the design " + p + " columns");
        }
        this.x = x;
        this.w = nullFit.weights();
        double[] r = nullFit.residuals();
        double[][] xtwx = new double[p][p];
        double[] xtwr = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                double wx = w[i] * x[j][i];
                xtwr[j] += wx * r[i];
                for (int k = 0; k <= j; k++) {
                    xtwx[j][k] += wx * x[k][i];
                }
            }
        }
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < j; k++) {
                xtwx[k][j] = xtwx[j][k];
            }
        }
        RealMatrix inv = new CholeskyDecomposition(new Array2DRowRealMatrix(xtwx, false), 1e-14, 1e-14).getSolver().getInverse();
        inverse = new double[p * p];
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < p; k++) {
                inverse[j * p + k] = inv.getEntry(j, k);
            }
        }
        // r~ = r - X (X'WX)^-1 X'Wr: at convergence X'Wr is zero to the fit's tolerance, and this removes the rest.
        double[] coef = new double[p];
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int k = 0; k < p; k++) {
                s += inverse[j * p + k] * xtwr[k];
            }
            coef[j] = s;
        }
        wr = new double[n];
        double sw = 0;
        double swr = 0;
        for (int i = 0; i < n; i++) {
            sw += w[i];
            swr += w[i] * r[i];
        }
        double centre = intercept ? swr / sw : 0;
        double nullRss = 0;
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double fitted = 0;
            for (int j = 0; j < p; j++) {
                fitted += x[j][i] * coef[j];
            }
            double rt = r[i] - fitted;
            wr[i] = w[i] * rt;
            rss += w[i] * rt * rt;
            nullRss += w[i] * (r[i] - centre) * (r[i] - centre);
        }
        convergenceRemainder = nullRss - rss;
        b = new double[p];
    }

    /** Observations of the null fit, the length every candidate column must have. */
    public int n() {
        return n;
    }

    /**
     * The score statistic of adding column {@code z}; 0 when z carries no information beyond the null model (for
     * example, every patient in one group). Not thread-safe: it reuses a work array.
     */
    public double statistic(double[] z) {
        if (z.length != n) {
            throw new IllegalArgumentException("the column has " + z.length + " values but the fit " + n);
        }
        double u = 0;
        double zwz = 0;
        java.util.Arrays.fill(b, 0);
        for (int i = 0; i < n; i++) {
            double zi = z[i];
            if (zi == 0) {
                continue;
            }
            double wz = w[i] * zi;
            u += zi * wr[i];
            zwz += wz * zi;
            for (int j = 0; j < p; j++) {
                b[j] += x[j][i] * wz;
            }
        }
        double quad = 0;
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int k = 0; k < p; k++) {
                s += inverse[j * p + k] * b[k];
            }
            quad += b[j] * s;
        }
        double v = zwz - quad;
        if (!(v > SINGULAR * zwz)) {
            return 0;
        }
        return u * u / v;
    }

    /**
     * The statistic as R's {@code anova(m0, m1, test = "Rao")} reports it for the column {@code z}: {@link #statistic}
     * plus the null fit's convergence remainder (a constant of the order of the fit's tolerance).
     */
    public double raoStatistic(double[] z) {
        return statistic(z) + convergenceRemainder;
    }

    /** The chi-square (1 df) upper tail of a statistic. */
    public static double p(double statistic) {
        return Glm.chiSquareUpperTail(Math.max(statistic, 0), 1);
    }
}
