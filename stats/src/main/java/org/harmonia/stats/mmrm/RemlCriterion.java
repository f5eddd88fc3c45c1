package org.harmonia.stats.mmrm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minus twice the REML log-likelihood of a linear model whose subjects have independent residual vectors with
 * covariance sigma(theta) restricted to the visits each subject has, with its gradient and Hessian in theta.
 *
 * <p>Everything is computed subject by subject: the projection P = W - W X (X'WX)^-1 X'W (W the block-diagonal
 * inverse covariance) is never formed, and its traces and quadratic forms are written with blocks of W and the
 * p x p matrix (X'WX)^-1.
 */
final class RemlCriterion {
    private final double[][] x;
    private final double[] y;
    private final int p;
    private final int n;
    private final CovarianceModel model;
    /** For each subject, its used rows and the visit index of each, in visit order. */
    private final int[][] subjectRows;
    private final int[][] subjectVisits;

    /** One evaluation; gradient and Hessian are {@code null} when not asked for. */
    record Value(double criterion, double[] beta, double[][] betaCovariance, double[] gradient, double[][] hessian,
                 double[][][] betaCovarianceTerms) {
    }

    RemlCriterion(double[][] x, double[] y, int[][] subjectRows, int[][] subjectVisits, CovarianceModel model) {
        this.x = x;
        this.y = y;
        this.n = y.length;
        this.p = x[0].length;
        this.subjectRows = subjectRows;
        this.subjectVisits = subjectVisits;
        this.model = model;
    }

    int parameters() {
        return model.parameters();
    }

    /** The blocks of sigma and of its derivatives for one pattern of visits, shared by the subjects that have it. */
    private static final class Pattern {
        double[][] w;
        double logDet;
        double[][][] first;
        double[][][][] second;
    }

    /**
     * Evaluates at theta; {@code order} 0 gives the criterion, 1 adds the gradient, 2 the Hessian too. Returns
     * {@code null} when sigma(theta) is not numerically positive definite.
     */
    Value evaluate(double[] theta, int order) {
        double[][] sigma = model.sigma(theta);
        double[][][] first = order >= 1 ? model.first(theta) : null;
        double[][][][] second = order >= 2 ? model.second(theta) : null;
        int q = model.parameters();
        Map<String, Pattern> patterns = new HashMap<>();
        Pattern[] bySubject = new Pattern[subjectRows.length];
        for (int s = 0; s < subjectRows.length; s++) {
            int[] visits = subjectVisits[s];
            String key = Arrays.toString(visits);
            Pattern pattern = patterns.get(key);
            if (pattern == null) {
                double[][] l = Matrices.cholesky(Matrices.subset(sigma, visits));
                if (l == null) {
                    return null;
                }
                pattern = new Pattern();
                pattern.w = Matrices.inverse(l);
                pattern.logDet = Matrices.logDet(l);
                if (order >= 1) {
                    pattern.first = new double[q][][];
                    for (int k = 0; k < q; k++) {
                        pattern.first[k] = Matrices.subset(first[k], visits);
                    }
                }
                if (order >= 2) {
                    pattern.second = new double[q][q][][];
                    for (int k = 0; k < q; k++) {
                        for (int m = 0; m <= k; m++) {
                            double[][] d = second[k][m] == null ? null : Matrices.subset(second[k][m], visits);
                            pattern.second[k][m] = d;
                            pattern.second[m][k] = d;
                        }
                    }
                }
                patterns.put(key, pattern);
            }
            bySubject[s] = pattern;
        }

        double[][] xtwx = new double[p][p];
        double[] xtwy = new double[p];
        double logDetSigma = 0;
        double[][][] wx = new double[subjectRows.length][][];
        for (int s = 0; s < subjectRows.length; s++) {
            Pattern pattern = bySubject[s];
            double[][] xs = rows(s);
            double[][] wxs = Matrices.times(pattern.w, xs);
            wx[s] = wxs;
            Matrices.addCrossProduct(xtwx, xs, wxs);
            int[] r = subjectRows[s];
            for (int a = 0; a < r.length; a++) {
                for (int j = 0; j < p; j++) {
                    xtwy[j] += wxs[a][j] * y[r[a]];
                }
            }
            logDetSigma += pattern.logDet;
        }
        double[][] lx = Matrices.cholesky(xtwx);
        if (lx == null) {
            return null;
        }
        double[][] m = Matrices.inverse(lx);
        double[] beta = Matrices.solve(lx, xtwy);

        double rss = 0;
        double[][] residualsW = new double[subjectRows.length][];
        for (int s = 0; s < subjectRows.length; s++) {
            int[] r = subjectRows[s];
            double[] e = new double[r.length];
            for (int a = 0; a < r.length; a++) {
                e[a] = y[r[a]] - Matrices.dot(x[r[a]], beta);
            }
            double[] we = Matrices.times(bySubject[s].w, e);
            residualsW[s] = we;
            rss += Matrices.dot(e, we);
        }
        double criterion = (n - p) * Math.log(2 * Math.PI) + logDetSigma + Matrices.logDet(lx) + rss;
        if (order == 0) {
            return new Value(criterion, beta, m, null, null, null);
        }

        double[] traceWV = new double[q];
        double[] quadratic = new double[q];
        double[][][] a = new double[q][p][p];
        double[][] c = new double[q][p];
        double[][] uWu = new double[q][q];
        double[][] traceWVWV = new double[q][q];
        double[][] traceMB = new double[q][q];
        double[][] traceWVkl = new double[q][q];
        double[][] quadraticKl = new double[q][q];
        double[][] traceMAkl = new double[q][q];
        for (int s = 0; s < subjectRows.length; s++) {
            Pattern pattern = bySubject[s];
            double[][] w = pattern.w;
            double[] rt = residualsW[s];
            double[][] wxs = wx[s];
            double[][][] z = new double[q][][];
            double[][][] wz = new double[q][][];
            double[][][] zm = new double[q][][];
            double[][][] wv = new double[q][][];
            double[][] u = new double[q][];
            double[][] wu = new double[q][];
            for (int k = 0; k < q; k++) {
                double[][] v = pattern.first[k];
                wv[k] = Matrices.times(w, v);
                traceWV[k] += trace(wv[k]);
                u[k] = Matrices.times(v, rt);
                quadratic[k] += Matrices.dot(rt, u[k]);
                wu[k] = Matrices.times(w, u[k]);
                z[k] = Matrices.times(v, wxs);
                Matrices.addCrossProduct(a[k], wxs, z[k]);
                for (int j = 0; j < p; j++) {
                    double sum = 0;
                    for (int b = 0; b < u[k].length; b++) {
                        sum += wxs[b][j] * u[k][b];
                    }
                    c[k][j] += sum;
                }
                if (order >= 2) {
                    wz[k] = Matrices.times(w, z[k]);
                    zm[k] = Matrices.times(z[k], m);
                }
            }
            if (order < 2) {
                continue;
            }
            // W X M X' W of this subject: tr(M X'W V_kl W X) is then an m x m trace instead of a p x p product
            double[][] hat = Matrices.times(Matrices.times(wxs, m), transpose(wxs));
            for (int k = 0; k < q; k++) {
                for (int l = 0; l <= k; l++) {
                    uWu[k][l] += Matrices.dot(u[k], wu[l]);
                    traceWVWV[k][l] += Matrices.traceOfProduct(wv[k], wv[l]);
                    traceMB[k][l] += Matrices.frobenius(zm[l], wz[k]);
                    double[][] vkl = pattern.second[k][l];
                    if (vkl != null) {
                        traceWVkl[k][l] += Matrices.traceOfProduct(w, vkl);
                        quadraticKl[k][l] += Matrices.quadratic(rt, vkl, rt);
                        traceMAkl[k][l] += Matrices.traceOfProduct(vkl, hat);
                    }
                }
            }
        }
        double[] gradient = new double[q];
        double[][][] ma = new double[q][][];
        double[][][] betaCovarianceTerms = new double[q][][];
        for (int k = 0; k < q; k++) {
            ma[k] = Matrices.times(m, a[k]);
            gradient[k] = traceWV[k] - trace(ma[k]) - quadratic[k];
            // d (X'WX)^-1 / d theta_k = M A_k M: what the Satterthwaite degrees of freedom differentiate
            betaCovarianceTerms[k] = Matrices.times(ma[k], m);
        }
        if (order < 2) {
            return new Value(criterion, beta, m, gradient, null, betaCovarianceTerms);
        }
        double[][] hessian = new double[q][q];
        for (int k = 0; k < q; k++) {
            double[] mck = Matrices.times(m, c[k]);
            for (int l = 0; l <= k; l++) {
                double tracePVPV = traceWVWV[k][l] - 2 * traceMB[k][l] + Matrices.traceOfProduct(ma[k], ma[l]);
                double tracePVkl = traceWVkl[k][l] - traceMAkl[k][l];
                double uPu = uWu[k][l] - Matrices.dot(mck, c[l]);
                double h = -tracePVPV + tracePVkl + 2 * uPu - quadraticKl[k][l];
                hessian[k][l] = h;
                hessian[l][k] = h;
            }
        }
        return new Value(criterion, beta, m, gradient, hessian, betaCovarianceTerms);
    }

    private double[][] rows(int s) {
        int[] r = subjectRows[s];
        double[][] out = new double[r.length][];
        for (int a = 0; a < r.length; a++) {
            out[a] = x[r[a]];
        }
        return out;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    private static double trace(double[][] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i][i];
        }
        return s;
    }

    /** Groups used rows by subject, each subject's rows in visit order; a subject seen twice at one visit is an error. */
    static Map<String, int[]> subjects(String[] subjects, int[] visits) {
        Map<String, List<Integer>> bySubject = new LinkedHashMap<>();
        for (int r = 0; r < subjects.length; r++) {
            bySubject.computeIfAbsent(subjects[r], k -> new ArrayList<>()).add(r);
        }
        Map<String, int[]> out = new LinkedHashMap<>();
        for (var e : bySubject.entrySet()) {
            int[] rows = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            Integer[] boxed = Arrays.stream(rows).boxed().toArray(Integer[]::new);
            Arrays.sort(boxed, (i, j) -> Integer.compare(visits[i], visits[j]));
            out.put(e.getKey(), Arrays.stream(boxed).mapToInt(Integer::intValue).toArray());
        }
        return out;
    }
}
