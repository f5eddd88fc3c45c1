package org.harmonia.trial.protocol;

/**
 * A value the protocol's sources leave open and the protocol file chooses. A concealed assumption names
 * something blinded staff must not learn from the system (the block sizes of the randomisation, say): only
 * the unblinded statistician's view of the protocol shows it.
 */
public record Assumption(String text, boolean concealed) {
    public Assumption {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an assumption needs its text");
        }
    }
}
