package org.harmonia.stats.tests;

import org.harmonia.stats.InvalidDataException;
import org.hipparchus.distribution.discrete.HypergeometricDistribution;

/**
 * Fisher's noncentral hypergeometric distribution of the top-left cell of a 2 x 2 table given its margins,
 * as {@code fisher.test} builds it: central log-densities (saddle-point accurate) tilted by the odds ratio.
 */
final class NoncentralHypergeometric {
    final int lo;
    final int hi;
    private final double[] logCentral;

    /** m = first column total, n = second column total, k = first row total. */
    NoncentralHypergeometric(long m, long n, long k) {
        if (m + n > Integer.MAX_VALUE) {
            throw new InvalidDataException("the table total " + (m + n) + " is too large for the exact test (at most "
                    + Integer.MAX_VALUE + ")");
        }
        lo = (int) Math.max(0, k - n);
        hi = (int) Math.min(k, m);
        HypergeometricDistribution central = new HypergeometricDistribution((int) (m + n), (int) m, (int) k);
        logCentral = new double[hi - lo + 1];
        for (int s = lo; s <= hi; s++) {
            logCentral[s - lo] = central.logProbability(s);
        }
    }

    /** The probabilities of lo..hi under odds ratio {@code ncp} (0 < ncp < infinity). */
    double[] density(double ncp) {
        double logNcp = Math.log(ncp);
        double[] d = new double[logCentral.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < d.length; i++) {
            d[i] = logCentral[i] + logNcp * (lo + i);
            max = Math.max(max, d[i]);
        }
        double sum = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.exp(d[i] - max);
            sum += d[i];
        }
        for (int i = 0; i < d.length; i++) {
            d[i] /= sum;
        }
        return d;
    }

    double mean(double ncp) {
        if (ncp == 0) {
            return lo;
        }
        if (ncp == Double.POSITIVE_INFINITY) {
            return hi;
        }
        double[] d = density(ncp);
        double s = 0;
        for (int i = 0; i < d.length; i++) {
            s += (lo + i) * d[i];
        }
        return s;
    }

    /** P(X <= q) under odds ratio ncp. */
    double lower(int q, double ncp) {
        if (ncp == 0) {
            return q >= lo ? 1 : 0;
        }
        if (ncp == Double.POSITIVE_INFINITY) {
            return q >= hi ? 1 : 0;
        }
        double[] d = density(ncp);
        double s = 0;
        for (int x = lo; x <= Math.min(q, hi); x++) {
            s += d[x - lo];
        }
        return s;
    }

    /** P(X >= q) under odds ratio ncp. */
    double upper(int q, double ncp) {
        if (ncp == 0) {
            return q <= lo ? 1 : 0;
        }
        if (ncp == Double.POSITIVE_INFINITY) {
            return q <= hi ? 1 : 0;
        }
        double[] d = density(ncp);
        double s = 0;
        for (int x = Math.max(q, lo); x <= hi; x++) {
            s += d[x - lo];
        }
        return s;
    }
}
