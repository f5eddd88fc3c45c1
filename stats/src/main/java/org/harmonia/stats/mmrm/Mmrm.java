package org.harmonia.stats.mmrm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.NoConvergenceException;
import org.harmonia.stats.StatsException;
import org.harmonia.stats.data.DataTable;
import org.harmonia.stats.glm.Formula.Variable;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.distribution.continuous.TDistribution;

/**
 * Mixed model for repeated measures: a linear model for a continuous outcome measured at several visits, with
 * the residuals of a subject correlated across visits by an unstructured, compound-symmetry or AR(1) covariance,
 * fitted by REML. Subjects contribute the visits they have (valid when visits are missing at random), inference
 * on fixed effects uses Satterthwaite degrees of freedom, and least-squares means by visit and arm are those of
 * {@code emmeans}.
 *
 * <p>As R: {@code nlme::gls(y ~ ..., correlation = corSymm(form = ~ visitIndex | subject), weights =
 * varIdent(form = ~ 1 | visit), method = "REML")} and {@code emmeans(fit, ~ arm | visit, mode = "satterthwaite")}.
 */
public final class Mmrm {
    private static final int MAX_ITERATIONS = 200;
    private static final int MAX_VISITS = 40;
    private static final NormalDistribution NORMAL = new NormalDistribution();

    private Mmrm() {
    }

    /** Fits the model; bad data are an {@link InvalidDataException}, a fit that does not settle a {@link NoConvergenceException}. */
    public static MmrmResult fit(DataTable table, MmrmSpec spec) {
        return fit(table, spec, DegreesOfFreedom.SATTERTHWAITE);
    }

    /**
     * Fits the model with the fixed effects' tests and intervals by {@code df}: Satterthwaite, or Kenward-Roger (its
     * adjusted covariance for the standard errors, its degrees of freedom).
     */
    public static MmrmResult fit(DataTable table, MmrmSpec spec, DegreesOfFreedom df) {
        return fit(table, spec, 1.0, df);
    }

    static MmrmResult fit(DataTable table, MmrmSpec spec, double startScale) {
        return fit(table, spec, startScale, DegreesOfFreedom.SATTERTHWAITE);
    }

    /**
     * Fits with the starting covariance multiplied by {@code startScale} (1 is the usual start: residual variances of
     * ordinary least squares, no correlation); other values exist to show the fit does not depend on where it starts.
     */
    static MmrmResult fit(DataTable table, MmrmSpec spec, double startScale, DegreesOfFreedom df) {
        MmrmDesign design = new MmrmDesign(table, spec);
        int visits = design.visitLevels.size();
        if (visits > MAX_VISITS) {
            throw new InvalidDataException("the visit column \"" + spec.visit() + "\" has " + visits + " levels; at most "
                    + MAX_VISITS + " visits are supported");
        }
        Map<String, int[]> bySubject = RemlCriterion.subjects(design.subjects, design.visitCodes);
        int[][] subjectRows = bySubject.values().toArray(new int[0][]);
        int[][] subjectVisits = new int[subjectRows.length][];
        String[] names = bySubject.keySet().toArray(new String[0]);
        for (int s = 0; s < subjectRows.length; s++) {
            int[] rows = subjectRows[s];
            subjectVisits[s] = new int[rows.length];
            for (int a = 0; a < rows.length; a++) {
                subjectVisits[s][a] = design.visitCodes[rows[a]];
                if (a > 0 && subjectVisits[s][a] == subjectVisits[s][a - 1]) {
                    throw new InvalidDataException("subject \"" + names[s] + "\" has two rows at visit "
                            + design.visitLevels.get(subjectVisits[s][a]) + " (rows " + design.rows[rows[a - 1]] + " and "
                            + design.rows[rows[a]] + " of " + table.source() + ")");
                }
            }
        }
        int n = design.n();
        int p = design.p();
        CovarianceModel model = spec.covariance().model(visits);
        if (n - p < model.parameters()) {
            throw new InvalidDataException(n + " observations are too few for " + p + " fixed effects and "
                    + model.parameters() + " covariance parameters");
        }
        if (spec.covariance() == CovarianceStructure.UNSTRUCTURED) {
            requirePairs(design, subjectVisits, spec);
        }
        RemlCriterion criterion = new RemlCriterion(design.x, design.response, subjectRows, subjectVisits, model);
        double[] start = model.start(scaled(residualVariances(design), startScale));
        Optimum optimum = maximise(criterion, start);
        RemlCriterion.Value v = optimum.value();

        double[][] hessianInverse = inverseOfPositiveDefinite(v.hessian());
        if (hessianInverse == null) {
            throw new StatsException("the REML estimate lies on the boundary of the covariance parameters (a variance of "
                    + "zero or a correlation of one): the " + spec.covariance().description()
                    + " structure does not fit these data; try a simpler one");
        }
        // the covariance of the REML estimates of theta: the inverse of the observed information, half the Hessian
        double[][] thetaCovariance = new double[hessianInverse.length][hessianInverse.length];
        for (int i = 0; i < hessianInverse.length; i++) {
            for (int j = 0; j < hessianInverse.length; j++) {
                thetaCovariance[i][j] = 2 * hessianInverse[i][j];
            }
        }
        KenwardRoger kr = df == DegreesOfFreedom.KENWARD_ROGER
                ? KenwardRoger.of(spec.covariance(), model.sigma(optimum.theta()), design.x, subjectRows, subjectVisits,
                        v.betaCovariance())
                : null;
        Inference inference = new Inference(v.beta(), v.betaCovariance(), v.betaCovarianceTerms(), thetaCovariance, kr);

        List<FixedEffect> fixed = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            double[] l = new double[p];
            l[j] = 1;
            Contrast c = inference.contrast(l);
            fixed.add(new FixedEffect(design.columnNames.get(j), c.estimate, c.se, c.statistic(), c.df, c.p(), c.ciLow(),
                    c.ciHigh()));
        }
        double[][] sigma = model.sigma(optimum.theta());
        double[][] correlation = new double[visits][visits];
        for (int a = 0; a < visits; a++) {
            for (int b = 0; b < visits; b++) {
                correlation[a][b] = sigma[a][b] / Math.sqrt(sigma[a][a] * sigma[b][b]);
            }
        }
        LeastSquares ls = leastSquares(design, spec, inference);
        double logLik = -0.5 * v.criterion();
        double aic = -2 * logLik + 2 * (p + model.parameters());
        return new MmrmResult(spec.formula().text(), spec.covariance(), subjectRows.length, n, design.dropped,
                design.visitLevels, ls.armLevels, logLik, aic, optimum.iterations(), fixed, sigma, correlation, ls.means,
                ls.differences, df);
    }

    private static double[] scaled(double[] x, double factor) {
        double[] out = x.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        return out;
    }

    /** An unstructured covariance needs every pair of visits seen together in at least one subject. */
    private static void requirePairs(MmrmDesign design, int[][] subjectVisits, MmrmSpec spec) {
        int t = design.visitLevels.size();
        boolean[][] seen = new boolean[t][t];
        for (int[] v : subjectVisits) {
            for (int a : v) {
                for (int b : v) {
                    seen[a][b] = true;
                }
            }
        }
        for (int a = 0; a < t; a++) {
            for (int b = 0; b < a; b++) {
                if (!seen[a][b]) {
                    throw new InvalidDataException("no subject has both visit " + design.visitLevels.get(b) + " and visit "
                            + design.visitLevels.get(a) + " of \"" + spec.visit() + "\", so an unstructured covariance "
                            + "between them cannot be estimated; use --covariance cs or ar1");
                }
            }
        }
    }

    /** Residual variance by visit after ordinary least squares: the starting point of the fit. */
    private static double[] residualVariances(MmrmDesign design) {
        int p = design.p();
        double[][] xtx = new double[p][p];
        double[] xty = new double[p];
        for (int r = 0; r < design.n(); r++) {
            double[] row = design.x[r];
            for (int i = 0; i < p; i++) {
                xty[i] += row[i] * design.response[r];
                for (int j = 0; j < p; j++) {
                    xtx[i][j] += row[i] * row[j];
                }
            }
        }
        double[][] l = Matrices.cholesky(xtx);
        if (l == null) {
            throw new InvalidDataException("the fixed effects of the formula are not estimable from these rows");
        }
        double[] beta = Matrices.solve(l, xty);
        int t = design.visitLevels.size();
        double[] sum = new double[t];
        int[] count = new int[t];
        double total = 0;
        for (int r = 0; r < design.n(); r++) {
            double e = design.response[r] - Matrices.dot(design.x[r], beta);
            sum[design.visitCodes[r]] += e * e;
            count[design.visitCodes[r]]++;
            total += e * e;
        }
        double pooled = total / design.n();
        double[] out = new double[t];
        for (int v = 0; v < t; v++) {
            double s = count[v] > 0 ? sum[v] / count[v] : pooled;
            // a perfectly fitted visit would start at variance zero, outside the parameter space
            out[v] = s > 1e-8 * pooled && s > 0 ? s : (pooled > 0 ? pooled : 1);
        }
        return out;
    }

    private record Optimum(double[] theta, RemlCriterion.Value value, int iterations) {
    }

    /**
     * Newton's method on minus twice the REML log-likelihood, with the Hessian shifted towards a positive multiple of
     * the identity where it is not positive definite (far from the optimum) and step halving until the criterion
     * decreases.
     */
    private static Optimum maximise(RemlCriterion criterion, double[] start) {
        double[] theta = start.clone();
        RemlCriterion.Value v = criterion.evaluate(theta, 2);
        if (v == null || !Double.isFinite(v.criterion())) {
            throw new InvalidDataException("the REML criterion cannot be evaluated at the starting values: "
                    + "the fixed effects are not estimable from these rows");
        }
        for (int iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
            double[] g = v.gradient();
            double[] d = newtonDirection(v.hessian(), g);
            double slope = Matrices.dot(g, d);
            double decrement = -slope;
            if (!(decrement > 1e-20)) {
                return new Optimum(theta, v, iteration - 1);
            }
            double largest = 0;
            for (double x : d) {
                largest = Math.max(largest, Math.abs(x));
            }
            // log-variance steps beyond 3 (a factor of 20) only come from far-off starts; keep them bounded
            double t = largest > 3 ? 3 / largest : 1;
            double[] next = null;
            RemlCriterion.Value nextValue = null;
            for (int halving = 0; halving < 60; halving++) {
                double[] trial = new double[theta.length];
                for (int i = 0; i < trial.length; i++) {
                    trial[i] = theta[i] + t * d[i];
                }
                RemlCriterion.Value tv = criterion.evaluate(trial, 0);
                boolean nearOptimum = decrement < 1e-8;
                if (tv != null && Double.isFinite(tv.criterion())
                        && (tv.criterion() <= v.criterion() + 1e-4 * t * slope
                        || nearOptimum && tv.criterion() <= v.criterion() + 1e-10 * Math.max(1, Math.abs(v.criterion())))) {
                    next = trial;
                    nextValue = tv;
                    break;
                }
                t /= 2;
            }
            if (next == null) {
                if (decrement < 1e-6) {
                    return new Optimum(theta, v, iteration - 1);
                }
                throw new NoConvergenceException("the REML fit of the MMRM (no step decreased the criterion)", iteration);
            }
            theta = next;
            v = criterion.evaluate(theta, 2);
            if (v == null) {
                throw new NoConvergenceException("the REML fit of the MMRM (the covariance became singular)", iteration);
            }
            if (decrement < 1e-12 && t == 1) {
                return new Optimum(theta, v, iteration);
            }
        }
        throw new NoConvergenceException("the REML fit of the MMRM", MAX_ITERATIONS);
    }

    /** Solves H d = -g, adding a growing multiple of the identity to H until it is positive definite. */
    private static double[] newtonDirection(double[][] h, double[] g) {
        int q = g.length;
        double scale = 0;
        for (int i = 0; i < q; i++) {
            scale = Math.max(scale, Math.abs(h[i][i]));
        }
        double shift = 0;
        for (int attempt = 0; attempt < 60; attempt++) {
            double[][] a = new double[q][q];
            for (int i = 0; i < q; i++) {
                a[i] = h[i].clone();
                a[i][i] += shift;
            }
            double[][] l = Matrices.cholesky(a);
            if (l != null) {
                double[] minus = new double[q];
                for (int i = 0; i < q; i++) {
                    minus[i] = -g[i];
                }
                return Matrices.solve(l, minus);
            }
            shift = shift == 0 ? Math.max(1e-8 * scale, 1e-10) : shift * 10;
        }
        double[] d = new double[q];
        for (int i = 0; i < q; i++) {
            d[i] = -g[i] / Math.max(scale, 1);
        }
        return d;
    }

    private static double[][] inverseOfPositiveDefinite(double[][] a) {
        double[][] l = Matrices.cholesky(a);
        return l == null ? null : Matrices.inverse(l);
    }

    /** One linear combination of the coefficients with its Satterthwaite t test. */
    private record Contrast(double estimate, double se, double df) {
        double statistic() {
            return estimate / se;
        }

        private double quantile() {
            return Double.isInfinite(df) ? NORMAL.inverseCumulativeProbability(0.975)
                    : new TDistribution(df).inverseCumulativeProbability(0.975);
        }

        double p() {
            double t = Math.abs(statistic());
            double upper = Double.isInfinite(df) ? NORMAL.cumulativeProbability(-t)
                    : new TDistribution(df).cumulativeProbability(-t);
            return 2 * upper;
        }

        double ciLow() {
            return estimate - quantile() * se;
        }

        double ciHigh() {
            return estimate + quantile() * se;
        }
    }

    private record Inference(double[] beta, double[][] covariance, double[][][] covarianceTerms, double[][] thetaCovariance,
                             KenwardRoger kenwardRoger) {
        /**
         * Satterthwaite: df = 2 var^2 / (g' A g), with var = l' C l, g_k = l' (dC / d theta_k) l and A the covariance of the
         * REML estimates of theta (the result does not depend on how theta is parameterised).
         */
        Contrast contrast(double[] l) {
            double estimate = Matrices.dot(l, beta);
            if (kenwardRoger != null) {
                double adjusted = Matrices.quadratic(l, kenwardRoger.adjustedCovariance(), l);
                return new Contrast(estimate, Math.sqrt(adjusted), kenwardRoger.df(l));
            }
            double variance = Matrices.quadratic(l, covariance, l);
            int q = covarianceTerms.length;
            double[] g = new double[q];
            for (int k = 0; k < q; k++) {
                g[k] = Matrices.quadratic(l, covarianceTerms[k], l);
            }
            double denominator = Matrices.quadratic(g, thetaCovariance, g);
            double df = denominator > 0 ? 2 * variance * variance / denominator : Double.POSITIVE_INFINITY;
            return new Contrast(estimate, Math.sqrt(variance), df);
        }
    }

    private record LeastSquares(List<String> armLevels, List<LeastSquaresMean> means, List<ArmDifference> differences) {
    }

    /**
     * The reference grid of {@code emmeans}: every visit and arm level, numeric covariates at their mean over the
     * rows used, and the rows of the grid averaged over the levels of any other factor.
     */
    private static LeastSquares leastSquares(MmrmDesign design, MmrmSpec spec, Inference inference) {
        Variable visitVariable = null;
        Variable armVariable = null;
        for (Variable v : design.factors.keySet()) {
            if (v.column().equals(spec.visit())) {
                visitVariable = v;
            } else if (v.column().equals(spec.arm())) {
                armVariable = v;
            }
        }
        if (visitVariable == null) {
            return new LeastSquares(List.of(), List.of(), List.of());
        }
        List<String> visitLevels = design.factors.get(visitVariable).levels();
        List<String> armLevels = armVariable == null ? List.of() : design.factors.get(armVariable).levels();
        int p = design.p();
        List<LeastSquaresMean> means = new ArrayList<>();
        List<ArmDifference> differences = new ArrayList<>();
        for (int vi = 0; vi < visitLevels.size(); vi++) {
            int arms = Math.max(1, armLevels.size());
            double[][] rows = new double[arms][];
            for (int ai = 0; ai < arms; ai++) {
                rows[ai] = gridRow(design, visitVariable, vi, armVariable, ai);
                Contrast c = inference.contrast(rows[ai]);
                means.add(new LeastSquaresMean(visitLevels.get(vi), armVariable == null ? null : armLevels.get(ai),
                        c.estimate, c.se, c.df, c.ciLow(), c.ciHigh()));
            }
            for (int ai = 1; ai < armLevels.size(); ai++) {
                double[] l = new double[p];
                for (int j = 0; j < p; j++) {
                    l[j] = rows[ai][j] - rows[0][j];
                }
                Contrast c = inference.contrast(l);
                String term = armLevels.get(ai) + " - " + armLevels.get(0) + " at " + spec.visit() + " " + visitLevels.get(vi);
                differences.add(new ArmDifference(visitLevels.get(vi), armLevels.get(ai), armLevels.get(0), term, c.estimate,
                        c.se, c.statistic(), c.df, c.p(), c.ciLow(), c.ciHigh()));
            }
        }
        return new LeastSquares(armLevels, means, differences);
    }

    private static double[] gridRow(MmrmDesign design, Variable visit, int visitLevel, Variable arm, int armLevel) {
        List<Variable> variables = design.variables;
        double[] values = new double[variables.size()];
        List<Integer> averaged = new ArrayList<>();
        for (int j = 0; j < variables.size(); j++) {
            Variable v = variables.get(j);
            if (v.equals(visit)) {
                values[j] = visitLevel;
            } else if (v.equals(arm)) {
                values[j] = armLevel;
            } else if (design.factors.containsKey(v)) {
                averaged.add(j);
            } else {
                values[j] = design.mean(v);
            }
        }
        double[] sum = new double[design.p()];
        int[] counter = new int[averaged.size()];
        int cells = 0;
        while (true) {
            for (int k = 0; k < averaged.size(); k++) {
                values[averaged.get(k)] = counter[k];
            }
            double[] row = design.row(values);
            for (int c = 0; c < sum.length; c++) {
                sum[c] += row[c];
            }
            cells++;
            int k = 0;
            while (k < averaged.size()) {
                counter[k]++;
                if (counter[k] < design.factors.get(variables.get(averaged.get(k))).levels().size()) {
                    break;
                }
                counter[k] = 0;
                k++;
            }
            if (k == averaged.size()) {
                break;
            }
        }
        final int total = cells;
        return Arrays.stream(sum).map(s -> s / total).toArray();
    }
}
