package org.harmonia.trial.protocol;

/**
 * A planned encounter (USDM Encounter): target day and its window. The day counts from day 0, or, for a visit that
 * follows another one ({@code after}, e.g. a repeated treatment course), from the date that visit actually took place:
 * such a visit enters a participant's schedule only once the visit it follows is done.
 */
public record Visit(String id, String label, String epochId, int targetDay, VisitWindow window, String after) {

    /** Whether the visit is timed from another visit's actual date rather than from day 0. */
    public boolean followsAnother() {
        return after != null;
    }
}
