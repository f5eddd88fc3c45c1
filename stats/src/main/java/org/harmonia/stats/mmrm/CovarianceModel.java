package org.harmonia.stats.mmrm;

/**
 * A covariance matrix across visits as a smooth function of unconstrained parameters, with its first and
 * second derivatives (the REML Newton steps and the Satterthwaite degrees of freedom need both).
 *
 * <p>The parameters are free real numbers: variances enter through their logarithms and correlations through
 * a map onto their admissible interval, so no step of the optimiser can leave the parameter space.
 */
abstract sealed class CovarianceModel {
    final int visits;

    CovarianceModel(int visits) {
        this.visits = visits;
    }

    abstract int parameters();

    /** The matrix at {@code theta}. */
    abstract double[][] sigma(double[] theta);

    /** d sigma / d theta_k for every k. */
    abstract double[][][] first(double[] theta);

    /** d2 sigma / d theta_k d theta_l, {@code null} where it is zero. */
    abstract double[][][][] second(double[] theta);

    /** Parameters giving a diagonal matrix with these variances by visit (or their mean where there is one variance). */
    abstract double[] start(double[] variances);

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /**
     * Sigma = L L^T with L lower triangular, its diagonal as exp(theta): every theta gives a positive definite
     * matrix and every positive definite matrix has exactly one theta. Parameters run row by row over the
     * lower triangle.
     */
    static final class Unstructured extends CovarianceModel {
        private final int[] row;
        private final int[] col;

        Unstructured(int visits) {
            super(visits);
            int k = visits * (visits + 1) / 2;
            row = new int[k];
            col = new int[k];
            int i = 0;
            for (int a = 0; a < visits; a++) {
                for (int b = 0; b <= a; b++) {
                    row[i] = a;
                    col[i] = b;
                    i++;
                }
            }
        }

        @Override
        int parameters() {
            return row.length;
        }

        private double[][] factor(double[] theta) {
            double[][] l = new double[visits][visits];
            for (int k = 0; k < row.length; k++) {
                l[row[k]][col[k]] = row[k] == col[k] ? Math.exp(theta[k]) : theta[k];
            }
            return l;
        }

        /** The derivative of L by theta_k: one non-zero entry. */
        private double dl(double[][] l, int k) {
            return row[k] == col[k] ? l[row[k]][col[k]] : 1.0;
        }

        @Override
        double[][] sigma(double[] theta) {
            double[][] l = factor(theta);
            double[][] s = new double[visits][visits];
            for (int a = 0; a < visits; a++) {
                for (int b = 0; b <= a; b++) {
                    double v = 0;
                    for (int c = 0; c <= b; c++) {
                        v += l[a][c] * l[b][c];
                    }
                    s[a][b] = v;
                    s[b][a] = v;
                }
            }
            return s;
        }

        @Override
        double[][][] first(double[] theta) {
            double[][] l = factor(theta);
            double[][][] out = new double[row.length][][];
            for (int k = 0; k < row.length; k++) {
                // d(L L^T) = E L^T + L E^T with E = dl * e_r e_c^T: row r gets dl * L[:, c]^T, column r its transpose.
                double[][] d = new double[visits][visits];
                int r = row[k];
                int c = col[k];
                double e = dl(l, k);
                for (int j = 0; j < visits; j++) {
                    d[r][j] += e * l[j][c];
                    d[j][r] += e * l[j][c];
                }
                out[k] = d;
            }
            return out;
        }

        @Override
        double[][][][] second(double[] theta) {
            double[][] l = factor(theta);
            int n = row.length;
            double[][][][] out = new double[n][n][][];
            for (int k = 0; k < n; k++) {
                for (int m = 0; m <= k; m++) {
                    double[][] d = null;
                    // E_k E_m^T + E_m E_k^T: non-zero only when both entries lie in the same column of L.
                    if (col[k] == col[m]) {
                        d = new double[visits][visits];
                        double v = dl(l, k) * dl(l, m);
                        d[row[k]][row[m]] += v;
                        d[row[m]][row[k]] += v;
                    }
                    // A diagonal entry exp(theta) has itself as second derivative.
                    if (k == m && row[k] == col[k]) {
                        if (d == null) {
                            d = new double[visits][visits];
                        }
                        double e = l[row[k]][col[k]];
                        for (int j = 0; j < visits; j++) {
                            d[row[k]][j] += e * l[j][col[k]];
                            d[j][row[k]] += e * l[j][col[k]];
                        }
                    }
                    out[k][m] = d;
                    out[m][k] = d;
                }
            }
            return out;
        }

        @Override
        double[] start(double[] variances) {
            double[] theta = new double[row.length];
            for (int k = 0; k < row.length; k++) {
                if (row[k] == col[k]) {
                    theta[k] = 0.5 * Math.log(variances[row[k]]);
                }
            }
            return theta;
        }
    }

    /** A variance and one correlation; the matrix sigma^2 (rho J + (1 - rho) I) is positive definite exactly for rho in (-1/(T-1), 1). */
    static final class CompoundSymmetry extends CovarianceModel {
        private final double lower;

        CompoundSymmetry(int visits) {
            super(visits);
            this.lower = visits > 1 ? -1.0 / (visits - 1) : -1.0;
        }

        @Override
        int parameters() {
            return 2;
        }

        private static double logistic(double u) {
            return 1 / (1 + Math.exp(-u));
        }

        double rho(double[] theta) {
            return lower + (1 - lower) * logistic(theta[1]);
        }

        private double[][] pattern(double diagonal, double offDiagonal) {
            double[][] m = new double[visits][visits];
            for (int a = 0; a < visits; a++) {
                for (int b = 0; b < visits; b++) {
                    m[a][b] = a == b ? diagonal : offDiagonal;
                }
            }
            return m;
        }

        @Override
        double[][] sigma(double[] theta) {
            double s2 = Math.exp(theta[0]);
            return pattern(s2, s2 * rho(theta));
        }

        @Override
        double[][][] first(double[] theta) {
            double s2 = Math.exp(theta[0]);
            double s = logistic(theta[1]);
            double drho = (1 - lower) * s * (1 - s);
            return new double[][][] {sigma(theta), pattern(0, s2 * drho)};
        }

        @Override
        double[][][][] second(double[] theta) {
            double s2 = Math.exp(theta[0]);
            double s = logistic(theta[1]);
            double drho = (1 - lower) * s * (1 - s);
            double d2rho = drho * (1 - 2 * s);
            double[][] cross = pattern(0, s2 * drho);
            return new double[][][][] {{sigma(theta), cross}, {cross, pattern(0, s2 * d2rho)}};
        }

        @Override
        double[] start(double[] variances) {
            // rho = 0 at logistic(u) = -lower / (1 - lower)
            double q = -lower / (1 - lower);
            return new double[] {Math.log(mean(variances)), Math.log(q / (1 - q))};
        }
    }

    /** A variance and rho = tanh(u); the correlation between the j-th and k-th visits is rho^|j - k|. */
    static final class Autoregressive extends CovarianceModel {
        Autoregressive(int visits) {
            super(visits);
        }

        @Override
        int parameters() {
            return 2;
        }

        /** rho^d and its first and second derivatives in rho, with 0^0 = 1 and no 0 * infinity. */
        private static double power(double rho, int d, int derivative) {
            return switch (derivative) {
                case 0 -> d == 0 ? 1 : Math.pow(rho, d);
                case 1 -> d < 1 ? 0 : d * (d == 1 ? 1 : Math.pow(rho, d - 1));
                default -> d < 2 ? 0 : d * (d - 1) * (d == 2 ? 1 : Math.pow(rho, d - 2));
            };
        }

        private double[][] matrix(double scale, double rho, int derivative) {
            double[][] m = new double[visits][visits];
            for (int a = 0; a < visits; a++) {
                for (int b = 0; b < visits; b++) {
                    m[a][b] = scale * power(rho, Math.abs(a - b), derivative);
                }
            }
            return m;
        }

        private static double[][] plus(double[][] x, double[][] y) {
            double[][] m = new double[x.length][x.length];
            for (int a = 0; a < x.length; a++) {
                for (int b = 0; b < x.length; b++) {
                    m[a][b] = x[a][b] + y[a][b];
                }
            }
            return m;
        }

        @Override
        double[][] sigma(double[] theta) {
            return matrix(Math.exp(theta[0]), Math.tanh(theta[1]), 0);
        }

        @Override
        double[][][] first(double[] theta) {
            double s2 = Math.exp(theta[0]);
            double rho = Math.tanh(theta[1]);
            double drho = 1 - rho * rho;
            return new double[][][] {sigma(theta), matrix(s2 * drho, rho, 1)};
        }

        @Override
        double[][][][] second(double[] theta) {
            double s2 = Math.exp(theta[0]);
            double rho = Math.tanh(theta[1]);
            double drho = 1 - rho * rho;
            double d2rho = -2 * rho * drho;
            double[][] cross = matrix(s2 * drho, rho, 1);
            double[][] uu = plus(matrix(s2 * drho * drho, rho, 2), matrix(s2 * d2rho, rho, 1));
            return new double[][][][] {{sigma(theta), cross}, {cross, uu}};
        }

        @Override
        double[] start(double[] variances) {
            return new double[] {Math.log(mean(variances)), 0};
        }
    }
}
