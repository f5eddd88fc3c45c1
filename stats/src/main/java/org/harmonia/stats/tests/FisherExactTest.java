package org.harmonia.stats.tests;

import java.util.function.DoubleUnaryOperator;
import org.harmonia.stats.InvalidDataException;
import org.hipparchus.analysis.solvers.BrentSolver;

/**
 * Fisher's exact test of a 2 x 2 table, computed as R's {@code fisher.test}: conditional on the margins, the
 * top-left count follows the noncentral hypergeometric distribution.
 *
 * <p>The two-sided p-value sums the probabilities of the tables no more likely than the observed one, with R's
 * relative tolerance 1 + 1e-7 so that tables equally likely in exact arithmetic count although rounding makes
 * them differ. The odds ratio and its limits solve the same equations as R, but to machine precision: R stops
 * {@code uniroot} at its default tolerance (~1e-4), so its printed estimates can differ from these in the fifth
 * digit.
 */
public final class FisherExactTest {
    private static final double RELATIVE_TOLERANCE = 1 + 1e-7;
    private static final double EPS = Math.ulp(1.0);
    private static final BrentSolver SOLVER = new BrentSolver(1e-15, 1e-300, 1e-300);

    private FisherExactTest() {
    }

    /** {@code fisher.test(table, alternative = alternative, conf.level = confLevel)} for a 2 x 2 table. */
    public static FisherResult test(ContingencyTable table, Alternative alternative, double confLevel) {
        if (!table.isTwoByTwo()) {
            throw new InvalidDataException("Fisher's exact test here is for 2 x 2 tables; this one is "
                    + table.rows() + " x " + table.columns());
        }
        ConfidenceInterval.checkLevel(confLevel);
        long m = table.columnTotal(0);
        long n = table.columnTotal(1);
        long k = table.rowTotal(0);
        table.requireNonZeroMargins("Fisher's exact test");
        int x = (int) table.count(0, 0);
        NoncentralHypergeometric h = new NoncentralHypergeometric(m, n, k);
        double p = switch (alternative) {
            case LESS -> h.lower(x, 1);
            case GREATER -> h.upper(x, 1);
            case TWO_SIDED -> {
                double[] d = h.density(1);
                double observed = d[x - h.lo] * RELATIVE_TOLERANCE;
                double s = 0;
                for (double v : d) {
                    if (v <= observed) {
                        s += v;
                    }
                }
                yield Math.min(1, s);
            }
        };
        double estimate = mle(h, x);
        ConfidenceInterval ci = switch (alternative) {
            case LESS -> new ConfidenceInterval(0, upperLimit(h, x, 1 - confLevel), confLevel);
            case GREATER -> new ConfidenceInterval(lowerLimit(h, x, 1 - confLevel), Double.POSITIVE_INFINITY, confLevel);
            case TWO_SIDED -> {
                double alpha = (1 - confLevel) / 2;
                yield new ConfidenceInterval(lowerLimit(h, x, alpha), upperLimit(h, x, alpha), confLevel);
            }
        };
        return new FisherResult("Fisher's Exact Test for Count Data", alternative, p, estimate, ci);
    }

    /** The odds ratio at which the conditional mean of the top-left cell equals the observed count. */
    private static double mle(NoncentralHypergeometric h, int x) {
        if (x == h.lo) {
            return 0;
        }
        if (x == h.hi) {
            return Double.POSITIVE_INFINITY;
        }
        double mu = h.mean(1);
        if (mu > x) {
            return root(t -> h.mean(t) - x, 0, 1);
        }
        if (mu < x) {
            return 1 / root(t -> h.mean(1 / t) - x, EPS, 1);
        }
        return 1;
    }

    /** The odds ratio below which P(X <= x) falls under alpha. */
    private static double upperLimit(NoncentralHypergeometric h, int x, double alpha) {
        if (x == h.hi) {
            return Double.POSITIVE_INFINITY;
        }
        double p = h.lower(x, 1);
        if (p < alpha) {
            return root(t -> h.lower(x, t) - alpha, 0, 1);
        }
        if (p > alpha) {
            return 1 / root(t -> h.lower(x, 1 / t) - alpha, EPS, 1);
        }
        return 1;
    }

    /** The odds ratio above which P(X >= x) falls under alpha. */
    private static double lowerLimit(NoncentralHypergeometric h, int x, double alpha) {
        if (x == h.lo) {
            return 0;
        }
        double p = h.upper(x, 1);
        if (p > alpha) {
            return root(t -> h.upper(x, t) - alpha, 0, 1);
        }
        if (p < alpha) {
            return 1 / root(t -> h.upper(x, 1 / t) - alpha, EPS, 1);
        }
        return 1;
    }

    private static double root(DoubleUnaryOperator f, double lo, double hi) {
        return SOLVER.solve(10_000, f::applyAsDouble, lo, hi);
    }

    /**
     * {@code fisher.test(table)$p.value} for a table of two rows and any number of columns (e.g. improved / stable /
     * worse by two subgroups): conditional on both margins the first row follows the multivariate hypergeometric
     * distribution; the p-value sums the probabilities of the tables no more likely than the observed one, with R's
     * relative tolerance. Every table with the margins is enumerated, which suits the small tables of early trials.
     */
    public static double twoSidedP(ContingencyTable table) {
        if (table.rows() != 2 || table.columns() < 2) {
            throw new InvalidDataException("this exact test is for tables of 2 rows and at least 2 columns; this one is "
                    + table.rows() + " x " + table.columns());
        }
        table.requireNonZeroMargins("Fisher's exact test");
        int c = table.columns();
        long[] colTotals = new long[c];
        for (int j = 0; j < c; j++) {
            colTotals[j] = table.columnTotal(j);
        }
        long first = table.rowTotal(0);
        long second = table.rowTotal(1);
        double observed = 0;
        for (int j = 0; j < c; j++) {
            observed += logChoose(colTotals[j], table.count(0, j));
        }
        double logNorm = logChoose(first + second, first);
        double threshold = Math.exp(observed - logNorm) * RELATIVE_TOLERANCE;
        double[] sum = {0};
        enumerate(colTotals, 0, first, second, 0, logNorm, threshold, sum);
        return Math.min(1, sum[0]);
    }

    /** Adds the probability of every completion of the first row from column {@code j} on that is no likelier than the observed. */
    private static void enumerate(long[] colTotals, int j, long firstLeft, long secondLeft, double logP, double logNorm,
                                  double threshold, double[] sum) {
        if (j == colTotals.length) {
            double p = Math.exp(logP - logNorm);
            if (p <= threshold) {
                sum[0] += p;
            }
            return;
        }
        long lo = Math.max(0, colTotals[j] - secondLeft);
        long hi = Math.min(colTotals[j], firstLeft);
        for (long x = lo; x <= hi; x++) {
            enumerate(colTotals, j + 1, firstLeft - x, secondLeft - (colTotals[j] - x), logP + logChoose(colTotals[j], x),
                    logNorm, threshold, sum);
        }
    }

    private static double logChoose(long n, long k) {
        return org.hipparchus.special.Gamma.logGamma(n + 1.0) - org.hipparchus.special.Gamma.logGamma(k + 1.0)
                - org.hipparchus.special.Gamma.logGamma(n - k + 1.0);
    }

}
