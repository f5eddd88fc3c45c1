package org.harmonia.stats.tests;

import org.harmonia.stats.InvalidDataException;

/** A confidence interval and its level; one-sided intervals have an infinite bound. */
public record ConfidenceInterval(double lower, double upper, double level) {
    public ConfidenceInterval {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("confidence interval [" + lower + ", " + upper + "] is not an interval");
        }
        checkLevel(level);
    }

    /** Refuses a confidence level outside (0, 1), the only levels an interval can have. */
    static void checkLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new InvalidDataException("confidence level " + level + " must lie strictly between 0 and 1");
        }
    }
}
