package org.harmonia.stats.survival;

import java.math.BigDecimal;

/** Small helpers that reproduce how R prints and ties values, so names and levels read as in R. */
final class RValues {
    private RValues() {
    }

    /** A number as R's {@code as.character} writes a factor level: {@code 2} not {@code 2.0}. */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /**
     * Merges times that differ only by floating-point noise, as survival's {@code aeqSurv} (timefix = TRUE) does,
     * so that e.g. 0.3 - 0.1 and 0.2 count as one time.
     */
    static double[] timefix(double[] time) {
        double[] sorted = java.util.Arrays.stream(time).distinct().sorted().toArray();
        if (sorted.length < 2) {
            return time.clone();
        }
        double tolerance = Math.sqrt(Math.ulp(1.0));
        double meanAbs = 0;
        for (double y : sorted) {
            meanAbs += Math.abs(y);
        }
        meanAbs /= sorted.length;
        double[] cuts = new double[sorted.length];
        int nCuts = 0;
        cuts[nCuts++] = sorted[0];
        boolean anyTied = false;
        for (int i = 1; i < sorted.length; i++) {
            double dy = sorted[i] - sorted[i - 1];
            boolean tied = dy <= tolerance || dy / meanAbs <= tolerance;
            if (tied) {
                anyTied = true;
            } else {
                cuts[nCuts++] = sorted[i];
            }
        }
        if (!anyTied) {
            return time.clone();
        }
        double[] out = new double[time.length];
        for (int i = 0; i < time.length; i++) {
            int lo = 0;
            int hi = nCuts - 1;
            // findInterval: the last cut not above the time
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (cuts[mid] <= time[i]) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            out[i] = cuts[lo];
        }
        return out;
    }
}
