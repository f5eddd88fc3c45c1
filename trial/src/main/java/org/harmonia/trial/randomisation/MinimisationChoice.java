package org.harmonia.trial.randomisation;

/** How a minimisation decision was reached, for the unblinded record of each allocation. */
public enum MinimisationChoice {
    /** A sequence with the smallest imbalance score was taken (drawn at random if several tied). */
    PREFERRED,
    /** The random element overrode minimisation and took a sequence with a larger score. */
    RANDOM_ELEMENT,
    /** Every sequence scored the same, so the sequence was drawn at random in the allocation ratio. */
    ALL_TIED
}
