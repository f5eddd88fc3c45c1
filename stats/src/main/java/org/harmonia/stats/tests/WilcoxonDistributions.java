package org.harmonia.stats.tests;

/**
 * Exact null distributions of the Wilcoxon statistics, for the sizes at which R uses them (below 50).
 *
 * <p>The signed-rank counts are subsets of {1..n} by rank sum; at most 2^49 for n = 49, so they are exact in a
 * long. The rank-sum counts reach C(98, 49) ~ 2.5e28 and are kept as doubles, built by additions of
 * non-negative numbers only so each count carries a relative error of a few ulps even far in the tails.
 */
final class WilcoxonDistributions {
    private WilcoxonDistributions() {
    }

    /** P(V <= q) for the signed-rank statistic V of n non-zero, untied differences ({@code psignrank}). */
    static double signedRankLower(double q, int n) {
        long max = (long) n * (n + 1) / 2;
        long k = (long) Math.floor(q + 1e-7);
        if (k < 0) {
            return 0;
        }
        if (k >= max) {
            return 1;
        }
        long[] counts = signedRankCounts(n);
        // sum the shorter tail, as R does, so the smaller probability is never 1 minus something
        if (k <= max / 2) {
            return sum(counts, 0, k) / Math.pow(2, n);
        }
        return 1 - sum(counts, k + 1, max) / Math.pow(2, n);
    }

    /** P(V > q). */
    static double signedRankUpper(double q, int n) {
        long max = (long) n * (n + 1) / 2;
        long k = (long) Math.floor(q + 1e-7);
        if (k < 0) {
            return 1;
        }
        if (k >= max) {
            return 0;
        }
        long[] counts = signedRankCounts(n);
        if (k >= max / 2) {
            return sum(counts, k + 1, max) / Math.pow(2, n);
        }
        return 1 - sum(counts, 0, k) / Math.pow(2, n);
    }

    private static double sum(long[] counts, long from, long to) {
        long s = 0;
        for (long i = from; i <= to; i++) {
            s += counts[(int) i];
        }
        return s;
    }

    static long[] signedRankCounts(int n) {
        int max = n * (n + 1) / 2;
        long[] c = new long[max + 1];
        c[0] = 1;
        int reach = 0;
        for (int rank = 1; rank <= n; rank++) {
            reach += rank;
            for (int s = reach; s >= rank; s--) {
                c[s] += c[s - rank];
            }
        }
        return c;
    }

    /** P(W <= q) for the rank-sum statistic W (Mann-Whitney U of x) with sizes m and n ({@code pwilcox}). */
    static double rankSumLower(double q, int m, int n) {
        long max = (long) m * n;
        long k = (long) Math.floor(q + 1e-7);
        if (k < 0) {
            return 0;
        }
        if (k >= max) {
            return 1;
        }
        double[] counts = rankSumCounts(m, n);
        double total = sum(counts, 0, max);
        if (k <= max / 2) {
            return sum(counts, 0, k) / total;
        }
        return 1 - sum(counts, k + 1, max) / total;
    }

    /** P(W > q). */
    static double rankSumUpper(double q, int m, int n) {
        long max = (long) m * n;
        long k = (long) Math.floor(q + 1e-7);
        if (k < 0) {
            return 1;
        }
        if (k >= max) {
            return 0;
        }
        double[] counts = rankSumCounts(m, n);
        double total = sum(counts, 0, max);
        if (k >= max / 2) {
            return sum(counts, k + 1, max) / total;
        }
        return 1 - sum(counts, 0, k) / total;
    }

    private static double sum(double[] counts, long from, long to) {
        double s = 0;
        for (long i = from; i <= to; i++) {
            s += counts[(int) i];
        }
        return s;
    }

    /**
     * Counts of W = u for u = 0..m*n: the number of ways the m ranks of x among m + n can have rank sum
     * u + m(m+1)/2, found by adding the positions 1..m+n one at a time.
     */
    static double[] rankSumCounts(int m, int n) {
        int total = m + n;
        int minSum = m * (m + 1) / 2;
        int maxSum = m * (2 * total - m + 1) / 2;
        // ways[j][s]: subsets of size j of the positions seen so far with sum s
        double[][] ways = new double[m + 1][maxSum + 1];
        ways[0][0] = 1;
        for (int pos = 1; pos <= total; pos++) {
            for (int j = Math.min(pos, m); j >= 1; j--) {
                double[] to = ways[j];
                double[] from = ways[j - 1];
                int hi = Math.min(maxSum, j * (2 * pos - j + 1) / 2);
                for (int s = hi; s >= pos; s--) {
                    to[s] += from[s - pos];
                }
            }
        }
        double[] counts = new double[m * n + 1];
        System.arraycopy(ways[m], minSum, counts, 0, counts.length);
        return counts;
    }
}
