package org.harmonia.stats.meta;

import java.util.ArrayList;
import java.util.List;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.NoConvergenceException;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;

/**
 * Fits inverse-variance meta-analytic models as metafor's {@code rma.uni} does: common effect, DerSimonian–Laird
 * or REML random effects, with or without moderators, z or Hartung–Knapp tests.
 */
public final class Rma {
    /** metafor's {@code control} defaults for Fisher scoring. */
    static final double THRESHOLD = 1e-5;
    static final int MAX_ITERATIONS = 100;
    /** metafor's {@code tol = .Machine$double.eps^0.25}, used when comparing the likelihood at tau² = 0. */
    static final double LL0_TOLERANCE = Math.pow(Math.ulp(1.0), 0.25);

    private Rma() {
    }

    /** Fits {@code rma(yi, vi, mods = X, method, test)}; {@code X} must contain the intercept as its first column. */
    public static RmaFit fit(double[] yi, double[] vi, DesignMatrix design, MetaMethod method, MetaTest test) {
        return fit(yi, vi, design, method, test, MAX_ITERATIONS);
    }

    /** As {@link #fit(double[], double[], DesignMatrix, MetaMethod, MetaTest)} with a chosen limit on REML iterations. */
    static RmaFit fit(double[] yi, double[] vi, DesignMatrix design, MetaMethod method, MetaTest test, int maxIterations) {
        if (method == MetaMethod.MH) {
            throw new InvalidDataException("Mantel–Haenszel pools 2×2 tables; a model on yi and vi needs method FE, DL or REML");
        }
        int k = yi.length;
        int p = design.cols();
        if (vi.length != k || design.rows() != k) {
            throw new IllegalArgumentException("yi, vi and the model matrix differ in length");
        }
        for (int i = 0; i < k; i++) {
            if (!Double.isFinite(yi[i]) || !(vi[i] > 0) || !Double.isFinite(vi[i])) {
                throw new InvalidDataException("study " + (i + 1) + " has yi = " + yi[i] + ", vi = " + vi[i]
                        + "; every study needs a finite yi and a positive vi");
            }
        }
        if (k < 2) {
            throw new InvalidDataException("a meta-analysis needs at least 2 studies, got " + k);
        }
        if (k <= p) {
            throw new InvalidDataException("a model with " + p + " coefficients (" + String.join(", ", design.columns())
                    + ") needs more than " + p + " studies, got " + k);
        }
        RealMatrix x = MatrixUtils.createRealMatrix(design.values());
        checkFullRank(x, design.columns());
        RealVector y = MatrixUtils.createRealVector(yi);

        double tau2 = 0;
        Double tau2Se = null;
        Integer iterations = null;
        double[] wFixed = inverse(vi, 0);
        RealMatrix pFixed = projection(x, wFixed);
        double trPFixed = pFixed.getTrace();
        if (method == MetaMethod.DL) {
            double rss = quadratic(y, pFixed);
            tau2 = Math.max(0, (rss - (k - p)) / trPFixed);
            tau2Se = Math.sqrt(1 / (trPFixed * trPFixed)
                    * (2 * (k - p) + 4 * tau2 * trPFixed + 2 * tau2 * tau2 * sumOfSquares(pFixed)));
        } else if (method == MetaMethod.REML) {
            double[] state = reml(y, vi, x, maxIterations);
            tau2 = state[0];
            iterations = (int) state[1];
            RealMatrix pRandom = projection(x, inverse(vi, tau2));
            tau2Se = Math.sqrt(2 / sumOfSquares(pRandom));
        }

        double[] w = inverse(vi, tau2);
        RealMatrix vb = weightedCrossInverse(x, w);
        RealVector beta = vb.operate(x.transpose().operate(weighted(y, w)));
        RealVector resid = y.subtract(x.operate(beta));
        double rssFit = 0;
        for (int i = 0; i < k; i++) {
            rssFit += w[i] * resid.getEntry(i) * resid.getEntry(i);
        }
        boolean knha = test == MetaTest.KNHA;
        if (knha) {
            double s2w = rssFit <= Math.ulp(1.0) ? 0 : rssFit / (k - p);
            vb = vb.scalarMultiply(s2w);
        }
        Integer df = knha ? k - p : null;
        double crit = knha ? Probabilities.tCritical(k - p) : Probabilities.normalCritical();

        List<Coefficient> coefficients = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            double b = beta.getEntry(j);
            double se = Math.sqrt(vb.getEntry(j, j));
            double stat = b / se;
            double pv = knha ? Probabilities.tTwoSided(stat, k - p) : Probabilities.normalTwoSided(stat);
            coefficients.add(new Coefficient(design.columns().get(j), b, se, stat, pv, b - crit * se, b + crit * se));
        }

        OmnibusTest qm = null;
        if (p > 1) {
            int m = p - 1;
            RealMatrix sub = vb.getSubMatrix(1, p - 1, 1, p - 1);
            RealVector bSub = beta.getSubVector(1, m);
            double stat = bSub.dotProduct(MatrixUtils.inverse(sub).operate(bSub));
            qm = knha
                    ? new OmnibusTest(stat / m, m, k - p, Probabilities.fUpper(stat / m, m, k - p))
                    : new OmnibusTest(stat, m, null, Probabilities.chiSquaredUpper(stat, m));
        }

        double qe = Math.max(0, quadratic(y, pFixed));
        double qep = Probabilities.chiSquaredUpper(qe, k - p);
        double i2;
        double h2;
        if (method == MetaMethod.FE) {
            i2 = qe > 0 ? Math.max(0, 100 * (qe - (k - p)) / qe) : 0;
            h2 = qe / (k - p);
        } else {
            double vt = (k - p) / trPFixed;
            i2 = 100 * tau2 / (vt + tau2);
            h2 = tau2 / vt + 1;
        }
        Heterogeneity het = new Heterogeneity(qe, k - p, qep, i2, h2, tau2, tau2Se);

        Double r2 = null;
        if (p > 1) {
            r2 = method == MetaMethod.FE ? fixedEffectR2(yi, wFixed, rssFit, k, p)
                    : randomEffectsR2(yi, vi, method, test, tau2);
        }

        double sumW = 0;
        for (double wi : w) {
            sumW += wi;
        }
        List<Double> weights = new ArrayList<>();
        for (double wi : w) {
            weights.add(100 * wi / sumW);
        }

        Double piLow = null;
        Double piHigh = null;
        if (p == 1 && method.randomEffects()) {
            Coefficient c = coefficients.get(0);
            double half = crit * Math.sqrt(c.se() * c.se() + tau2);
            piLow = c.estimate() - half;
            piHigh = c.estimate() + half;
        }
        return new RmaFit(method, test, k, p, coefficients, het, qm, r2, df, iterations, weights, piLow, piHigh);
    }

    /** Fisher scoring for the REML tau², started at the Hedges estimate and truncated at 0 (metafor's algorithm). */
    private static double[] reml(RealVector y, double[] vi, RealMatrix x, int maxIterations) {
        int k = vi.length;
        int p = x.getColumnDimension();
        RealMatrix xtxInv = MatrixUtils.inverse(x.transpose().multiply(x));
        RealMatrix p0 = MatrixUtils.createRealIdentityMatrix(k).subtract(x.multiply(xtxInv).multiply(x.transpose()));
        double trPV = 0;
        for (int i = 0; i < k; i++) {
            trPV += p0.getEntry(i, i) * vi[i];
        }
        double tau2 = Math.max(0, (quadratic(y, p0) - trPV) / (k - p));
        double change = THRESHOLD + 1;
        int iter = 0;
        while (change > THRESHOLD) {
            iter++;
            double old = tau2;
            RealMatrix pm = projection(x, inverse(vi, tau2));
            RealMatrix pp = pm.multiply(pm);
            double adj = (quadratic(y, pp) - pm.getTrace()) / pp.getTrace();
            if (Double.isNaN(adj)) {
                adj = 0;
            }
            while (tau2 + adj < 0) {
                adj /= 2;
            }
            tau2 += adj;
            change = Math.abs(old - tau2);
            if (iter > maxIterations) {
                throw new NoConvergenceException("REML estimation of tau² (Fisher scoring)", maxIterations);
            }
        }
        // A converged Fisher scoring run can stop at a local maximum; metafor then prefers tau² = 0.
        if (tau2 > THRESHOLD && remlLogLik(y, vi, x, 0) - remlLogLik(y, vi, x, tau2) > LL0_TOLERANCE) {
            tau2 = 0;
        }
        return new double[] {Math.max(0, tau2), iter};
    }

    private static double remlLogLik(RealVector y, double[] vi, RealMatrix x, double tau2) {
        int k = vi.length;
        int p = x.getColumnDimension();
        double[] w = inverse(vi, tau2);
        RealMatrix xtwx = crossWeighted(x, w);
        RealVector beta = MatrixUtils.inverse(xtwx).operate(x.transpose().operate(weighted(y, w)));
        RealVector r = y.subtract(x.operate(beta));
        double rss = 0;
        double logV = 0;
        for (int i = 0; i < k; i++) {
            rss += w[i] * r.getEntry(i) * r.getEntry(i);
            logV += Math.log(vi[i] + tau2);
        }
        double logDet = Math.log(new CholeskyDecomposition(xtwx, 1e-10, 0).getDeterminant());
        return -0.5 * (k - p) * Math.log(2 * Math.PI) - 0.5 * logV - 0.5 * logDet - 0.5 * rss;
    }

    /** metafor's R² for mixed models: the proportional reduction of tau² against the model without moderators. */
    private static Double randomEffectsR2(double[] yi, double[] vi, MetaMethod method, MetaTest test, double tau2) {
        double tau2Pooled = fit(yi, vi, DesignMatrix.interceptOnly(yi.length), method, test).heterogeneity().tau2();
        if (tau2Pooled == 0) {
            return 0.0;
        }
        return Math.max(0, 100 * (tau2Pooled - tau2) / tau2Pooled);
    }

    /** metafor's R² for common-effect models: adjusted R² of the weighted least-squares fit. */
    private static Double fixedEffectR2(double[] yi, double[] w, double rss, int k, int p) {
        double sumW = 0;
        double mean = 0;
        for (int i = 0; i < k; i++) {
            sumW += w[i];
            mean += w[i] * yi[i];
        }
        mean /= sumW;
        double tss = 0;
        boolean constant = true;
        for (int i = 0; i < k; i++) {
            tss += w[i] * (yi[i] - mean) * (yi[i] - mean);
            constant &= yi[i] == yi[0];
        }
        if (constant) {
            return 0.0;
        }
        double r2 = 1 - rss / tss;
        double adjusted = 1 - (1 - r2) * (k - 1) / (k - p);
        return Math.max(0, 100 * adjusted);
    }

    private static void checkFullRank(RealMatrix x, List<String> names) {
        int p = x.getColumnDimension();
        RealMatrix scaled = x.copy();
        for (int j = 0; j < p; j++) {
            double norm = scaled.getColumnVector(j).getNorm();
            if (norm == 0) {
                throw new InvalidDataException("moderator " + names.get(j) + " is zero for every study");
            }
            for (int i = 0; i < x.getRowDimension(); i++) {
                scaled.setEntry(i, j, scaled.getEntry(i, j) / norm);
            }
        }
        RealMatrix gram = scaled.transpose().multiply(scaled);
        try {
            new CholeskyDecomposition(gram, 1e-10, 1e-10);
        } catch (org.hipparchus.exception.MathIllegalArgumentException e) {
            throw new InvalidDataException("the moderators are linearly dependent (" + String.join(", ", names)
                    + "): a constant moderator, a level shared by all studies, or one moderator a combination of others");
        }
    }

    static double[] inverse(double[] vi, double tau2) {
        double[] w = new double[vi.length];
        for (int i = 0; i < vi.length; i++) {
            w[i] = 1 / (vi[i] + tau2);
        }
        return w;
    }

    private static RealVector weighted(RealVector y, double[] w) {
        RealVector out = y.copy();
        for (int i = 0; i < w.length; i++) {
            out.setEntry(i, y.getEntry(i) * w[i]);
        }
        return out;
    }

    private static RealMatrix crossWeighted(RealMatrix x, double[] w) {
        RealMatrix wx = x.copy();
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < x.getColumnDimension(); j++) {
                wx.setEntry(i, j, x.getEntry(i, j) * w[i]);
            }
        }
        return x.transpose().multiply(wx);
    }

    private static RealMatrix weightedCrossInverse(RealMatrix x, double[] w) {
        return new CholeskyDecomposition(crossWeighted(x, w), 1e-10, 0).getSolver().getInverse();
    }

    /** {@code P = W − W X (X'WX)⁻¹ X'W}, the residual-forming matrix of weighted least squares. */
    private static RealMatrix projection(RealMatrix x, double[] w) {
        RealMatrix wm = MatrixUtils.createRealDiagonalMatrix(w);
        RealMatrix wx = wm.multiply(x);
        RealMatrix inv = weightedCrossInverse(x, w);
        return wm.subtract(wx.multiply(inv).multiply(wx.transpose()));
    }

    private static double quadratic(RealVector y, RealMatrix m) {
        return y.dotProduct(m.operate(y));
    }

    private static double sumOfSquares(RealMatrix m) {
        double s = 0;
        for (int i = 0; i < m.getRowDimension(); i++) {
            for (int j = 0; j < m.getColumnDimension(); j++) {
                s += m.getEntry(i, j) * m.getEntry(i, j);
            }
        }
        return s;
    }
}
