package org.harmonia.stats.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.NoConvergenceException;
import org.harmonia.stats.data.DataTable;

/**
 * Cox proportional hazards regression, matching R's {@code coxph}: Newton–Raphson from zero with step-halving, the
 * same convergence rule (relative change of the log partial likelihood ≤ 1e-9, at most 20 iterations), Efron or
 * Breslow handling of ties, and treatment contrasts for factors.
 */
public final class CoxRegression {
    static final int MAX_ITERATIONS = 20;
    private static final double EPS = 1e-9;
    private static final double TOLER_CHOL = 1e-9;
    private static final double TOLER_INF = Math.sqrt(EPS);

    private CoxRegression() {
    }

    /** Fits the model written in {@code formula} (see {@link CoxFormula}) to the rows of {@code table}. */
    public static CoxFit fit(DataTable table, String formula, Ties ties) {
        return fit(table, formula, ties, MAX_ITERATIONS);
    }

    /** As {@link #fit(DataTable, String, Ties)} with another iteration limit (coxph.control's {@code iter.max}). */
    public static CoxFit fit(DataTable table, String formula, Ties ties, int maxIterations) {
        CoxFormula f = CoxFormula.parse(formula);
        List<String> columns = f.terms().stream().map(CoxFormula.Term::column).toList();
        for (String c : columns) {
            table.cells(c);
        }
        SurvivalData data = SurvivalData.fromTable(table, f.timeColumn(), f.statusColumn(), null, columns);
        int[] rows = new int[data.size()];
        Arrays.setAll(rows, data::row);
        List<String> names = new ArrayList<>();
        List<double[]> design = new ArrayList<>();
        for (CoxFormula.Term term : f.terms()) {
            boolean factor = term.factor() || !table.isNumeric(term.column());
            if (!factor) {
                double[] values = table.numeric(term.column());
                double[] col = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    col[i] = values[rows[i]];
                }
                names.add(term.label());
                design.add(col);
                continue;
            }
            Levels levels = Levels.of(table, term.column(), rows);
            if (levels.labels().size() < 2) {
                throw new InvalidDataException("covariate \"" + term.label() + "\" has the single value \""
                        + levels.labels().get(0) + "\" in the " + rows.length + " rows used; it cannot be estimated");
            }
            for (int l = 1; l < levels.labels().size(); l++) {
                String level = levels.labels().get(l);
                double[] col = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    col[i] = level.equals(levels.labelOfRow()[i]) ? 1 : 0;
                }
                names.add(term.label() + level);
                design.add(col);
            }
        }
        double[][] x = new double[rows.length][names.size()];
        for (int j = 0; j < names.size(); j++) {
            for (int i = 0; i < rows.length; i++) {
                x[i][j] = design.get(j)[i];
            }
        }
        return fit(data, x, names, ties, maxIterations);
    }

    /**
     * Fits {@code Surv(time, status) ~ column} on grouped data, the group column entering as R would enter it: as one
     * numeric covariate when the column is numeric, otherwise as a factor with treatment contrasts.
     */
    public static CoxFit fitByGroup(SurvivalData data, String column, boolean numericColumn, Ties ties) {
        if (!data.grouped()) {
            throw new IllegalArgumentException("data without groups");
        }
        List<String> levels = data.groups();
        if (levels.size() < 2) {
            throw new InvalidDataException("a Cox model of \"" + column + "\" needs at least two groups; only \""
                    + (levels.isEmpty() ? "" : levels.get(0)) + "\" is present");
        }
        int n = data.size();
        List<String> names = new ArrayList<>();
        double[][] x;
        if (numericColumn) {
            names.add(column);
            x = new double[n][1];
            for (int i = 0; i < n; i++) {
                x[i][0] = Double.parseDouble(data.group(i));
            }
        } else {
            for (int l = 1; l < levels.size(); l++) {
                names.add(column + levels.get(l));
            }
            x = new double[n][levels.size() - 1];
            for (int i = 0; i < n; i++) {
                int l = levels.indexOf(data.group(i));
                if (l > 0) {
                    x[i][l - 1] = 1;
                }
            }
        }
        return fit(data, x, names, ties, MAX_ITERATIONS);
    }

    /**
     * Fits a Cox model on a ready design matrix ({@code x[subject][term]}), one column per name in {@code terms},
     * with at most {@code maxIterations} Newton–Raphson steps.
     */
    public static CoxFit fit(SurvivalData data, double[][] x, List<String> terms, Ties ties, int maxIterations) {
        if (maxIterations < 1) {
            throw new InvalidDataException("the iteration limit must be at least 1, not " + maxIterations);
        }
        int n = data.size();
        int p = terms.size();
        if (x.length != n) {
            throw new IllegalArgumentException("design has " + x.length + " rows for " + n + " subjects");
        }
        if (data.events() == 0) {
            throw new InvalidDataException("no events among the " + n + " subjects used; a Cox model cannot be fitted");
        }
        double[] time = RValues.timefix(data.times());
        int[] status = data.statuses();
        // centre and scale the covariates as coxph does: Newton steps are unchanged, exp() stays in range
        double[] mean = new double[p];
        double[] scale = new double[p];
        double[][] z = new double[n][p];
        for (int j = 0; j < p; j++) {
            double m = 0;
            for (int i = 0; i < n; i++) {
                m += x[i][j];
            }
            m /= n;
            double mad = 0;
            for (int i = 0; i < n; i++) {
                mad += Math.abs(x[i][j] - m);
            }
            mad /= n;
            if (mad == 0) {
                throw new InvalidDataException("covariate \"" + terms.get(j) + "\" is constant (" + RValues.format(x[0][j])
                        + " in all " + n + " rows used); it cannot be estimated");
            }
            mean[j] = m;
            scale[j] = 1 / mad;
            for (int i = 0; i < n; i++) {
                z[i][j] = (x[i][j] - m) * scale[j];
            }
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(time[b], time[a]));
        PartialLikelihood lik = new PartialLikelihood(time, status, z, order, ties == Ties.EFRON);

        double[] beta = new double[p];
        PartialLikelihood.Value at0 = lik.evaluate(beta);
        double[][] info0 = at0.information();
        double[] step0 = solve(info0, at0.score(), terms);
        double scoreTest = dot(step0, at0.score());
        double logLikNull = at0.logLik();

        double logLik = logLikNull;
        double[] newBeta = add(beta, step0);
        boolean halving = false;
        PartialLikelihood.Value current = null;
        int iteration;
        boolean converged = false;
        for (iteration = 1; iteration <= maxIterations; iteration++) {
            current = lik.evaluate(newBeta);
            double newLogLik = current.logLik();
            if (Math.abs(1 - logLik / newLogLik) <= EPS && !halving) {
                logLik = newLogLik;
                beta = newBeta;
                converged = true;
                break;
            }
            if (iteration == maxIterations) {
                break;
            }
            if (newLogLik < logLik || Double.isNaN(newLogLik)) {
                halving = true;
                for (int j = 0; j < p; j++) {
                    newBeta[j] = (newBeta[j] + beta[j]) / 2;
                }
            } else {
                halving = false;
                logLik = newLogLik;
                double[] step = solve(current.information(), current.score(), terms);
                beta = newBeta.clone();
                newBeta = add(newBeta, step);
            }
        }
        if (!converged) {
            throw new NoConvergenceException("Cox model (Newton-Raphson with step-halving)", maxIterations);
        }
        double[][] varScaled = invert(current.information(), terms);
        double[] infinite = multiply(current.score(), varScaled);
        for (int j = 0; j < p; j++) {
            double b = beta[j];
            if (!Double.isFinite(current.score()[j])
                    || (Math.abs(infinite[j]) > EPS && Math.abs(infinite[j]) > TOLER_INF * Math.abs(b))) {
                throw new InvalidDataException("the coefficient of \"" + terms.get(j) + "\" may be infinite: the partial"
                        + " likelihood converged before it did (often a group without events, or a covariate that"
                        + " separates events from censorings)");
            }
        }
        double zCrit = Distributions.normalQuantile(0.975);
        List<CoxCoefficient> coefficients = new ArrayList<>();
        double[][] variance = new double[p][p];
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < p; k++) {
                variance[j][k] = varScaled[j][k] * scale[j] * scale[k];
            }
        }
        double[] coef = new double[p];
        for (int j = 0; j < p; j++) {
            coef[j] = beta[j] * scale[j];
            double se = Math.sqrt(variance[j][j]);
            double zj = coef[j] / se;
            double low = coef[j] - zCrit * se;
            double high = coef[j] + zCrit * se;
            coefficients.add(new CoxCoefficient(terms.get(j), coef[j], se, zj, Distributions.twoSidedNormalP(zj), low, high,
                    Math.exp(coef[j]), Math.exp(low), Math.exp(high)));
        }
        double wald = dot(beta, multiply(beta, current.information()));
        return new CoxFit(ties.rName(), coefficients, n, data.events(), data.droppedMissing(), iteration, logLikNull,
                logLik, ChiSquareTest.of(2 * (logLik - logLikNull), p), ChiSquareTest.of(wald, p),
                ChiSquareTest.of(scoreTest, p), variance);
    }

    private static double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] multiply(double[] v, double[][] m) {
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            for (int i = 0; i < v.length; i++) {
                out[j] += v[i] * m[i][j];
            }
        }
        return out;
    }

    /** Cholesky factor L (lower) of a symmetric matrix; a pivot below coxph's tolerance means collinear terms. */
    private static double[][] cholesky(double[][] a, List<String> terms) {
        int p = a.length;
        double maxDiag = 0;
        for (int i = 0; i < p; i++) {
            maxDiag = Math.max(maxDiag, Math.abs(a[i][i]));
        }
        double eps = maxDiag == 0 ? TOLER_CHOL : maxDiag * TOLER_CHOL;
        double[][] l = new double[p][p];
        for (int j = 0; j < p; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) {
                d -= l[j][k] * l[j][k];
            }
            if (!(d >= eps)) {
                throw new InvalidDataException("covariate \"" + terms.get(j) + "\" is a linear combination of the"
                        + " terms before it (or carries no information); the model cannot be estimated");
            }
            l[j][j] = Math.sqrt(d);
            for (int i = j + 1; i < p; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = s / l[j][j];
            }
        }
        return l;
    }

    private static double[] solve(double[][] a, double[] b, List<String> terms) {
        double[][] l = cholesky(a, terms);
        int p = b.length;
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
        }
        double[] x = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < p; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    private static double[][] invert(double[][] a, List<String> terms) {
        int p = a.length;
        double[][] inv = new double[p][p];
        for (int j = 0; j < p; j++) {
            double[] e = new double[p];
            e[j] = 1;
            double[] col = solve(a, e, terms);
            for (int i = 0; i < p; i++) {
                inv[i][j] = col[i];
            }
        }
        return inv;
    }
}
