package org.harmonia.stats.survival;

/** A chi-square test statistic with its degrees of freedom and upper-tail p-value. */
public record ChiSquareTest(double statistic, int df, double p) {

    public ChiSquareTest {
        if (df < 1 || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("invalid chi-square test");
        }
    }

    static ChiSquareTest of(double statistic, int df) {
        return new ChiSquareTest(statistic, df, Distributions.chiSquareUpperTail(statistic, df));
    }
}
