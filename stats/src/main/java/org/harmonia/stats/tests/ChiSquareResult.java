package org.harmonia.stats.tests;

import java.util.List;

/**
 * The outcome of Pearson's chi-square test of independence as {@code chisq.test} reports it, with the expected
 * counts row by row. {@code continuityCorrection} says whether Yates' correction was applied (only ever for a
 * 2 x 2 table), {@code lowExpected} flags an expected count below 5, where R warns that the approximation may
 * be incorrect.
 */
public record ChiSquareResult(
        String method,
        double statistic,
        int df,
        double p,
        boolean continuityCorrection,
        List<List<Double>> expected,
        boolean lowExpected) {

    public ChiSquareResult {
        expected = expected.stream().map(List::copyOf).toList();
    }
}
