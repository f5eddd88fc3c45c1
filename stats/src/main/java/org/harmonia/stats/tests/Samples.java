package org.harmonia.stats.tests;

import java.util.Arrays;
import org.harmonia.stats.InvalidDataException;

/** Small sample helpers shared by the tests: dropping missing values, means, variances, average ranks. */
final class Samples {
    private Samples() {
    }

    static double[] nonMissing(double[] x) {
        return Arrays.stream(x).filter(v -> !Double.isNaN(v)).toArray();
    }

    /** The pairs where both members are present, as R's {@code complete.cases(x, y)}; unequal lengths are an error. */
    static double[][] completePairs(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new InvalidDataException("paired samples must have the same length, they have " + x.length
                    + " and " + y.length);
        }
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                n++;
            }
        }
        double[][] out = new double[2][n];
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                out[0][k] = x[i];
                out[1][k] = y[i];
                k++;
            }
        }
        return out;
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        double m = s / x.length;
        // a second pass removes the rounding of the first, as R's mean() does
        double r = 0;
        for (double v : x) {
            r += v - m;
        }
        return m + r / x.length;
    }

    static double variance(double[] x, double mean) {
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return ss / (x.length - 1);
    }

    /** Average ranks (R's {@code rank(ties.method = "average")}); ties are exact equality. */
    static double[] ranks(double[] x) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < x.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double[] r = new double[x.length];
        int i = 0;
        while (i < x.length) {
            int j = i;
            while (j + 1 < x.length && x[order[j + 1]] == x[order[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    /** The sum over groups of tied values of {@code t^3 - t}, the tie correction of rank tests. */
    static double tieSum(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        double sum = 0;
        int i = 0;
        while (i < s.length) {
            int j = i;
            while (j + 1 < s.length && s[j + 1] == s[i]) {
                j++;
            }
            double t = j - i + 1;
            sum += t * t * t - t;
            i = j + 1;
        }
        return sum;
    }

    static boolean hasTies(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        for (int i = 1; i < s.length; i++) {
            if (s[i] == s[i - 1]) {
                return true;
            }
        }
        return false;
    }
}
