package org.harmonia.trial.randomisation;

/**
 * How minimisation scores the imbalance of one factor level across sequences (Pocock and Simon 1975), on
 * ratio-adjusted counts (count divided by the sequence's ratio).
 */
public enum ImbalanceMeasure {
    /** Largest minus smallest adjusted count. */
    RANGE,
    /** Variance of the adjusted counts (divisor: the number of sequences). */
    VARIANCE
}
