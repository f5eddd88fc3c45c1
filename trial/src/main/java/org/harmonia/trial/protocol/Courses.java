package org.harmonia.trial.protocol;

/** How many treatment courses a participant may receive, and the allowed interval between them in days. */
public record Courses(int count, Integer minIntervalDays, Integer maxIntervalDays) {
    public Courses {
        if (count < 1) {
            throw new IllegalArgumentException("courses must be at least 1");
        }
    }
}
