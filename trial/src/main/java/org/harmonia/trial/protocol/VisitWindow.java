package org.harmonia.trial.protocol;

/** How many days before (early) and after (late) its target day a visit may take place. */
public record VisitWindow(int early, int late) {
    public static final VisitWindow EXACT = new VisitWindow(0, 0);

    public VisitWindow {
        if (early < 0 || late < 0) {
            throw new IllegalArgumentException("visit window days must not be negative");
        }
    }
}
