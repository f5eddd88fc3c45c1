package org.harmonia.stats.crossover;

import java.util.Objects;

/**
 * Grizzle's test for carry-over (treatment-by-period interaction) in a 2x2 crossover: a two-sample t test,
 * equal variances, of the per-subject sums of both periods between the two sequences.
 *
 * @param firstSequence  the sequence whose mean comes first in the difference
 * @param secondSequence the other sequence
 * @param difference     mean subject total in the first sequence minus that in the second
 * @param se             its standard error (pooled variance)
 * @param statistic      the t statistic
 * @param df             degrees of freedom, subjects minus 2
 * @param p              two-sided p-value
 * @param ciLow          lower end of the 95% confidence interval of the difference
 * @param ciHigh         upper end
 */
public record CarryOverTest(String firstSequence, String secondSequence, double difference, double se, double statistic,
                            int df, double p, double ciLow, double ciHigh) {
    public CarryOverTest {
        Objects.requireNonNull(firstSequence, "firstSequence");
        Objects.requireNonNull(secondSequence, "secondSequence");
        if (df < 1) {
            throw new IllegalArgumentException("the carry-over test needs at least one degree of freedom, not " + df);
        }
    }
}
