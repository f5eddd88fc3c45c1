package org.harmonia.stats.mmrm;

/** The few dense-matrix operations the REML fit needs, on small symmetric matrices. */
final class Matrices {
    private Matrices() {
    }

    /** The lower Cholesky factor of a symmetric matrix, or {@code null} when it is not (numerically) positive definite. */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) {
                d -= l[j][k] * l[j][k];
            }
            if (!(d > 0) || d <= 1e-14 * Math.abs(a[j][j])) {
                return null;
            }
            l[j][j] = Math.sqrt(d);
            for (int i = j + 1; i < n; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = s / l[j][j];
            }
        }
        return l;
    }

    /** log det of the matrix whose Cholesky factor is {@code l}. */
    static double logDet(double[][] l) {
        double s = 0;
        for (int i = 0; i < l.length; i++) {
            s += Math.log(l[i][i]);
        }
        return 2 * s;
    }

    /** The inverse of the matrix whose Cholesky factor is {@code l}. */
    static double[][] inverse(double[][] l) {
        int n = l.length;
        double[][] inv = new double[n][n];
        for (int c = 0; c < n; c++) {
            double[] e = new double[n];
            e[c] = 1;
            double[] x = solve(l, e);
            for (int r = 0; r < n; r++) {
                inv[r][c] = x[r];
            }
        }
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < r; c++) {
                double v = 0.5 * (inv[r][c] + inv[c][r]);
                inv[r][c] = v;
                inv[c][r] = v;
            }
        }
        return inv;
    }

    /** Solves (L L^T) x = b. */
    static double[] solve(double[][] l, double[] b) {
        int n = l.length;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * z[k];
            }
            z[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    /** a b for an m x k and a k x n matrix. */
    static double[][] times(double[][] a, double[][] b) {
        int m = a.length;
        int k = b.length;
        int n = k == 0 ? 0 : b[0].length;
        double[][] out = new double[m][n];
        for (int i = 0; i < m; i++) {
            double[] oi = out[i];
            for (int j = 0; j < k; j++) {
                double aij = a[i][j];
                if (aij == 0) {
                    continue;
                }
                double[] bj = b[j];
                for (int c = 0; c < n; c++) {
                    oi[c] += aij * bj[c];
                }
            }
        }
        return out;
    }

    static double[] times(double[][] a, double[] x) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += a[i][j] * x[j];
            }
            out[i] = s;
        }
        return out;
    }

    /** a^T b accumulated into {@code into} (a is m x p, b is m x q). */
    static void addCrossProduct(double[][] into, double[][] a, double[][] b) {
        addCrossProduct(into, a, b, 1);
    }

    /** {@code scale} a^T b accumulated into {@code into}. */
    static void addCrossProduct(double[][] into, double[][] a, double[][] b, double scale) {
        int m = a.length;
        for (int r = 0; r < m; r++) {
            double[] ar = a[r];
            double[] br = b[r];
            for (int i = 0; i < ar.length; i++) {
                double v = scale * ar[i];
                if (v == 0) {
                    continue;
                }
                double[] row = into[i];
                for (int j = 0; j < br.length; j++) {
                    row[j] += v * br[j];
                }
            }
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** sum_ij a_ij b_ij, which is tr(a^T b). */
    static double frobenius(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                s += a[i][j] * b[i][j];
            }
        }
        return s;
    }

    /** tr(a b) for square a and b. */
    static double traceOfProduct(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                s += a[i][j] * b[j][i];
            }
        }
        return s;
    }

    /** The rows and columns {@code index} of a square matrix. */
    static double[][] subset(double[][] a, int[] index) {
        double[][] out = new double[index.length][index.length];
        for (int i = 0; i < index.length; i++) {
            for (int j = 0; j < index.length; j++) {
                out[i][j] = a[index[i]][index[j]];
            }
        }
        return out;
    }

    /** x^T a y. */
    static double quadratic(double[] x, double[][] a, double[] y) {
        return dot(x, times(a, y));
    }
}
