package org.harmonia.stats.glm;

/**
 * Heteroskedasticity-consistent covariance of GLM coefficients, as R's {@code sandwich::vcovHC}: the bread is
 * the unscaled model covariance (X'WX)^-1, the meat the cross-product of the working scores
 * x_i w_i r_i (working weights w, working residuals r), for HC3 each divided by (1 - h_i) with h_i the
 * leverage from the weighted hat matrix. For the negative binomial theta is held at its estimate, as
 * sandwich does for {@code glm.nb} fits. The dispersion cancels, so gaussian, Poisson, binomial and
 * negative binomial are handled alike.
 */
public final class Sandwich {
    private Sandwich() {
    }

    /** The p x p robust covariance, row-major, for the fit of design columns {@code x[j][i]}. */
    public static double[] covariance(GlmFit fit, double[][] x, RobustType type) {
        int p = fit.p();
        int n = fit.n();
        if (x.length != p) {
            throw new IllegalArgumentException("the fit has " + p + " coefficients but the design " + x.length + " columns");
        }
        double[] bread = fit.covariance();
        double dispersion = fit.dispersion();
        for (int k = 0; k < bread.length; k++) {
            bread[k] /= dispersion;
        }
        double[] w = fit.weights();
        double[] r = fit.residuals();
        double[] meat = new double[p * p];
        double[] xi = new double[p];
        double[] bx = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                xi[j] = x[j][i];
            }
            double score = w[i] * r[i];
            if (type == RobustType.HC3) {
                double h = 0;
                for (int j = 0; j < p; j++) {
                    double s = 0;
                    for (int k = 0; k < p; k++) {
                        s += bread[j * p + k] * xi[k];
                    }
                    bx[j] = s;
                    h += xi[j] * s;
                }
                h *= w[i];
                score /= 1 - h;
            }
            double s2 = score * score;
            for (int j = 0; j < p; j++) {
                for (int k = 0; k <= j; k++) {
                    meat[j * p + k] += s2 * xi[j] * xi[k];
                }
            }
        }
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < j; k++) {
                meat[k * p + j] = meat[j * p + k];
            }
        }
        return multiply(multiply(bread, meat, p), bread, p);
    }

    private static double[] multiply(double[] a, double[] b, int p) {
        double[] c = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int k = 0; k < p; k++) {
                double aik = a[i * p + k];
                for (int j = 0; j < p; j++) {
                    c[i * p + j] += aik * b[k * p + j];
                }
            }
        }
        return c;
    }
}
