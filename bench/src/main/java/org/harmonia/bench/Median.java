package org.harmonia.bench;

import java.util.Arrays;

/** The median of a few figures (start times, pgbench rates, ratios of rounds): the middle one, or the mean of the two. */
final class Median {
    private Median() {
    }

    static double of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the median of no figures");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
