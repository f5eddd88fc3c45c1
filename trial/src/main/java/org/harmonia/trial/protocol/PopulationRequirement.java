package org.harmonia.trial.protocol;

/** What a subject must have for an analysis set; the vocabulary of the protocol file's {@code requires}. */
public enum PopulationRequirement {
    /** Allocated to a sequence. */
    RANDOMISED,
    /** At least one study treatment recorded. */
    TREATED,
    /** A study treatment recorded in every treatment period. */
    TREATED_BOTH_PERIODS,
    /** The baseline value of the primary analysis recorded. */
    BASELINE_MRI,
    /** At least one response value of the primary analysis recorded. */
    POST_BASELINE_MRI,
    /** Every response value of the primary analysis recorded. */
    ALL_PRIMARY_MRI
}
