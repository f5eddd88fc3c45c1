package org.harmonia.stats.mmrm;

import org.harmonia.stats.StatsException;

/**
 * Kenward and Roger (1997, Biometrics 53:983-997) at the REML estimates: the covariance of the fixed effects
 * adjusted for the uncertainty of the estimated covariance parameters, Phi_A = Phi + 2 Phi U Phi with
 * U = sum_ij W_ij (Q_ij - P_i Phi P_j - R_ij / 4), and the degrees of freedom of a t test of l'beta.
 *
 * <p>Phi = (X' Sigma^-1 X)^-1; with Sigma_i the derivative of the block-diagonal covariance by parameter i and
 * Sigma_ij the second derivative, P_i = -X' Sigma^-1 Sigma_i Sigma^-1 X, Q_ij = X' Sigma^-1 Sigma_i Sigma^-1 Sigma_j
 * Sigma^-1 X, R_ij = X' Sigma^-1 Sigma_ij Sigma^-1 X, and W the inverse of the expected information of the REML
 * estimates, 2 [tr(P Sigma_i P Sigma_j)]^-1 with P the REML projection. The result depends on the parameterisation
 * where the matrix is not linear in it, so the parameters are those of SAS's DDFM=KR: the entries of the
 * unstructured matrix, the variance and covariance of compound symmetry (both linear, R = 0, and the same as
 * pbkrtest's variance components of a random intercept), and (sigma^2, rho) for AR(1), whose R term is kept.
 *
 * <p>For one contrast (q = 1) the degrees of freedom of Kenward and Roger's formulas (pbkrtest's {@code Lb_ddf}:
 * A1 = A2 = A, then rho = (1 - A/2) / (1 - 2A) and df = 4 + 3 / (rho - 1)) reduce to 2 / A with
 * A = sum_ij W_ij a_i a_j, a_i = l' Phi P_i Phi l / l' Phi l: Satterthwaite's form with the expected information.
 */
final class KenwardRoger {
    private final double[][] phi;
    private final double[][] adjusted;
    private final double[][][] p;
    private final double[][] w;

    private KenwardRoger(double[][] phi, double[][] adjusted, double[][][] p, double[][] w) {
        this.phi = phi;
        this.adjusted = adjusted;
        this.p = p;
        this.w = w;
    }

    /** The adjusted covariance of the fixed effects. */
    double[][] adjustedCovariance() {
        return adjusted;
    }

    /** The degrees of freedom of the t test of l'beta. */
    double df(double[] l) {
        double variance = Matrices.quadratic(l, phi, l);
        double[] phiL = Matrices.times(phi, l);
        int q = p.length;
        double[] a = new double[q];
        for (int i = 0; i < q; i++) {
            a[i] = Matrices.quadratic(phiL, p[i], phiL) / variance;
        }
        double big = Matrices.quadratic(a, w, a);
        return big > 0 ? 2 / big : Double.POSITIVE_INFINITY;
    }

    /**
     * Computes the adjustment at the estimated covariance {@code sigma} across visits; {@code phi} is
     * (X' Sigma^-1 X)^-1 there.
     */
    static KenwardRoger of(CovarianceStructure structure, double[][] sigma, double[][] x, int[][] subjectRows,
                           int[][] subjectVisits, double[][] phi) {
        double[][][] first = first(structure, sigma);
        double[][][][] second = second(structure, sigma);
        int q = first.length;
        int cols = phi.length;
        double[][][] pSum = new double[q][cols][cols];
        double[][][][] qSum = new double[q][q][][];
        double[][][][] rSum = new double[q][q][][];
        double[][] kTrace = new double[q][q];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                qSum[i][j] = new double[cols][cols];
                rSum[i][j] = second[i][j] == null ? null : new double[cols][cols];
            }
        }
        for (int s = 0; s < subjectRows.length; s++) {
            int[] visits = subjectVisits[s];
            int m = visits.length;
            double[][] l = Matrices.cholesky(Matrices.subset(sigma, visits));
            if (l == null) {
                throw new StatsException("the estimated covariance matrix is not positive definite; Kenward-Roger "
                        + "cannot be computed");
            }
            double[][] wInv = Matrices.inverse(l);
            double[][] xs = new double[m][];
            for (int a = 0; a < m; a++) {
                xs[a] = x[subjectRows[s][a]];
            }
            double[][] wx = Matrices.times(wInv, xs);
            double[][][] b = new double[q][][];
            double[][][] c = new double[q][][];
            double[][][] h = new double[q][][];
            for (int i = 0; i < q; i++) {
                double[][] g = Matrices.subset(first[i], visits);
                b[i] = Matrices.times(g, wx);
                c[i] = Matrices.times(wInv, b[i]);
                h[i] = Matrices.times(wInv, g);
                Matrices.addCrossProduct(pSum[i], wx, b[i], -1);
            }
            for (int i = 0; i < q; i++) {
                for (int j = 0; j < q; j++) {
                    Matrices.addCrossProduct(qSum[i][j], b[i], c[j]);
                    kTrace[i][j] += Matrices.traceOfProduct(h[i], h[j]);
                    if (second[i][j] != null) {
                        Matrices.addCrossProduct(rSum[i][j], wx, Matrices.times(Matrices.subset(second[i][j], visits), wx));
                    }
                }
            }
        }
        double[][][] phiP = new double[q][][];
        for (int i = 0; i < q; i++) {
            phiP[i] = Matrices.times(phi, pSum[i]);
        }
        double[][] information = new double[q][q];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                information[i][j] = kTrace[i][j] - 2 * Matrices.traceOfProduct(phi, qSum[i][j])
                        + Matrices.traceOfProduct(phiP[i], phiP[j]);
            }
        }
        double[][] factor = Matrices.cholesky(information);
        if (factor == null) {
            throw new StatsException("the expected information of the covariance parameters is singular (a variance or "
                    + "correlation the data cannot estimate); Kenward-Roger cannot be computed, use Satterthwaite");
        }
        double[][] w = Matrices.inverse(factor);
        for (double[] row : w) {
            for (int j = 0; j < q; j++) {
                row[j] *= 2;
            }
        }
        double[][] u = new double[cols][cols];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                double[][] pPhiP = Matrices.times(pSum[i], phiP[j]);
                for (int a = 0; a < cols; a++) {
                    for (int b2 = 0; b2 < cols; b2++) {
                        double term = qSum[i][j][a][b2] - pPhiP[a][b2];
                        if (rSum[i][j] != null) {
                            term -= 0.25 * rSum[i][j][a][b2];
                        }
                        u[a][b2] += w[i][j] * term;
                    }
                }
            }
        }
        double[][] lambda = Matrices.times(Matrices.times(phi, u), phi);
        double[][] adjusted = new double[cols][cols];
        for (int a = 0; a < cols; a++) {
            for (int b2 = 0; b2 < cols; b2++) {
                // symmetrised: U is symmetric in exact arithmetic (Q_ji = Q_ij')
                adjusted[a][b2] = phi[a][b2] + (lambda[a][b2] + lambda[b2][a]);
            }
        }
        return new KenwardRoger(phi, adjusted, pSum, w);
    }

    /** d Sigma / d parameter, in the parameters named in the class comment. */
    static double[][][] first(CovarianceStructure structure, double[][] sigma) {
        int t = sigma.length;
        return switch (structure) {
            case UNSTRUCTURED -> {
                double[][][] g = new double[t * (t + 1) / 2][t][t];
                int k = 0;
                for (int a = 0; a < t; a++) {
                    for (int b = 0; b <= a; b++) {
                        g[k][a][b] = 1;
                        g[k][b][a] = 1;
                        k++;
                    }
                }
                yield g;
            }
            case COMPOUND_SYMMETRY -> {
                double[][] variance = new double[t][t];
                double[][] covariance = new double[t][t];
                for (int a = 0; a < t; a++) {
                    for (int b = 0; b < t; b++) {
                        (a == b ? variance : covariance)[a][b] = 1;
                    }
                }
                yield new double[][][] {variance, covariance};
            }
            case AR1 -> {
                double s2 = sigma[0][0];
                double rho = t > 1 ? sigma[0][1] / s2 : 0;
                yield new double[][][] {ar1(t, 1, rho, 0), ar1(t, s2, rho, 1)};
            }
        };
    }

    /** d2 Sigma / d parameter_i d parameter_j, null where zero (everywhere but AR(1)'s rho). */
    static double[][][][] second(CovarianceStructure structure, double[][] sigma) {
        int q = first(structure, sigma).length;
        double[][][][] out = new double[q][q][][];
        if (structure == CovarianceStructure.AR1) {
            int t = sigma.length;
            double s2 = sigma[0][0];
            double rho = t > 1 ? sigma[0][1] / s2 : 0;
            out[0][1] = ar1(t, 1, rho, 1);
            out[1][0] = out[0][1];
            out[1][1] = ar1(t, s2, rho, 2);
        }
        return out;
    }

    /** scale times the derivative of order {@code derivative} in rho of rho^|a - b|. */
    private static double[][] ar1(int t, double scale, double rho, int derivative) {
        double[][] m = new double[t][t];
        for (int a = 0; a < t; a++) {
            for (int b = 0; b < t; b++) {
                int d = Math.abs(a - b);
                double v = switch (derivative) {
                    case 0 -> d == 0 ? 1 : Math.pow(rho, d);
                    case 1 -> d < 1 ? 0 : d * (d == 1 ? 1 : Math.pow(rho, d - 1));
                    default -> d < 2 ? 0 : d * (d - 1) * (d == 2 ? 1 : Math.pow(rho, d - 2));
                };
                m[a][b] = scale * v;
            }
        }
        return m;
    }
}
