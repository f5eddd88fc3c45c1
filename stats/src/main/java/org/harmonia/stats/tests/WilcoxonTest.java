package org.harmonia.stats.tests;

import org.harmonia.stats.InvalidDataException;

/**
 * Wilcoxon signed-rank (one sample or paired) and rank-sum (Mann-Whitney) tests exactly as R's
 * {@code wilcox.test} decides and computes them.
 *
 * <p>The p-value is exact when R's would be: fewer than 50 observations (in each sample for the rank sum), no
 * tied values and, for the signed rank, no difference equal to mu. Otherwise it comes from the normal
 * approximation with the tie-corrected variance and, unless switched off, the continuity correction of 1/2.
 * Missing values are dropped (pairs with a missing member as a whole).
 */
public final class WilcoxonTest {
    private static final int EXACT_LIMIT = 50;

    private WilcoxonTest() {
    }

    /** {@code wilcox.test(x, mu = options.mu())}. */
    public static WilcoxonResult signedRank(double[] x, WilcoxonOptions options) {
        double[] v = Samples.nonMissing(x);
        if (v.length == 0) {
            throw new InvalidDataException("the signed rank test needs at least 1 observation, the sample is empty");
        }
        return signedRankOf(v, options);
    }

    /** {@code wilcox.test(x, y, paired = TRUE)}: the signed-rank test of the differences {@code x - y}. */
    public static WilcoxonResult paired(double[] x, double[] y, WilcoxonOptions options) {
        double[][] pairs = Samples.completePairs(x, y);
        if (pairs[0].length == 0) {
            throw new InvalidDataException("the paired signed rank test needs at least 1 complete pair, there are none");
        }
        double[] d = new double[pairs[0].length];
        for (int i = 0; i < d.length; i++) {
            d[i] = pairs[0][i] - pairs[1][i];
        }
        return signedRankOf(d, options);
    }

    private static WilcoxonResult signedRankOf(double[] values, WilcoxonOptions o) {
        int zeros = 0;
        for (double v : values) {
            if (v - o.mu() == 0) {
                zeros++;
            }
        }
        double[] d = new double[values.length - zeros];
        int k = 0;
        for (double v : values) {
            if (v - o.mu() != 0) {
                d[k++] = v - o.mu();
            }
        }
        int n = d.length;
        if (n == 0) {
            throw new InvalidDataException("every difference from mu is zero; the signed rank test has nothing to rank");
        }
        double[] abs = new double[n];
        for (int i = 0; i < n; i++) {
            abs[i] = Math.abs(d[i]);
        }
        double[] r = Samples.ranks(abs);
        double v = 0;
        for (int i = 0; i < n; i++) {
            if (d[i] > 0) {
                v += r[i];
            }
        }
        boolean ties = Samples.hasTies(abs);
        String title = "Wilcoxon signed rank";
        if (n < EXACT_LIMIT && !ties && zeros == 0) {
            double lower = WilcoxonDistributions.signedRankLower(v, n);
            double upperFromV = WilcoxonDistributions.signedRankUpper(v - 1, n);
            double p = switch (o.alternative()) {
                case LESS -> lower;
                case GREATER -> upperFromV;
                case TWO_SIDED -> Math.min(1, 2 * (v > n * (n + 1) / 4.0 ? upperFromV : lower));
            };
            return new WilcoxonResult(title + " exact test", o.alternative(), o.mu(), "V", v, p, true, "exact",
                    n, 0, zeros, false);
        }
        double z = v - n * (n + 1) / 4.0;
        double sigma = Math.sqrt(n * (n + 1.0) * (2.0 * n + 1) / 24 - Samples.tieSum(r) / 48);
        return normal(title, "V", v, z, sigma, o, n, 0, zeros, ties);
    }

    /** {@code wilcox.test(x, y, mu = options.mu())}: W counts the pairs (x_i - mu, y_j) with x above y. */
    public static WilcoxonResult rankSum(double[] x, double[] y, WilcoxonOptions o) {
        double[] a = Samples.nonMissing(x);
        double[] b = Samples.nonMissing(y);
        if (a.length == 0 || b.length == 0) {
            throw new InvalidDataException("the rank sum test needs at least 1 observation in each sample, there are "
                    + a.length + " and " + b.length);
        }
        int m = a.length;
        int n = b.length;
        double[] all = new double[m + n];
        for (int i = 0; i < m; i++) {
            all[i] = a[i] - o.mu();
        }
        System.arraycopy(b, 0, all, m, n);
        double[] r = Samples.ranks(all);
        double w = 0;
        for (int i = 0; i < m; i++) {
            w += r[i];
        }
        w -= m * (m + 1) / 2.0;
        boolean ties = Samples.hasTies(all);
        String title = "Wilcoxon rank sum";
        if (m < EXACT_LIMIT && n < EXACT_LIMIT && !ties) {
            double lower = WilcoxonDistributions.rankSumLower(w, m, n);
            double upperFromW = WilcoxonDistributions.rankSumUpper(w - 1, m, n);
            double p = switch (o.alternative()) {
                case LESS -> lower;
                case GREATER -> upperFromW;
                case TWO_SIDED -> Math.min(1, 2 * (w > m * (double) n / 2 ? upperFromW : lower));
            };
            return new WilcoxonResult(title + " exact test", o.alternative(), o.mu(), "W", w, p, true, "exact",
                    m, n, 0, false);
        }
        double z = w - m * (double) n / 2;
        double total = m + n;
        double sigma = Math.sqrt((m * (double) n / 12)
                * ((total + 1) - Samples.tieSum(r) / (total * (total - 1))));
        return normal(title, "W", w, z, sigma, o, m, n, 0, ties);
    }

    private static WilcoxonResult normal(String title, String name, double statistic, double z, double sigma,
                                         WilcoxonOptions o, int n, int nY, int zeros, boolean ties) {
        if (!(sigma > 0)) {
            throw new InvalidDataException("all observations are tied; the normal approximation of the "
                    + title + " test is undefined");
        }
        double correction = 0;
        if (o.correct()) {
            correction = switch (o.alternative()) {
                case TWO_SIDED -> Math.signum(z) * 0.5;
                case GREATER -> 0.5;
                case LESS -> -0.5;
            };
        }
        double zc = (z - correction) / sigma;
        double p = Distributions.p(o.alternative(), Distributions.normalLower(zc), Distributions.normalUpper(zc));
        String method = o.correct() ? title + " test with continuity correction" : title + " test";
        String pMethod = o.correct() ? "normal approximation with continuity correction" : "normal approximation";
        return new WilcoxonResult(method, o.alternative(), o.mu(), name, statistic, p, false, pMethod,
                n, nY, zeros, ties);
    }
}
