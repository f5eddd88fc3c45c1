package org.harmonia.trial.schedule;

import java.time.LocalDate;
import org.harmonia.trial.protocol.Visit;

/** One visit of one participant's schedule: its target date and the first and last day of its window. */
public record ScheduledVisit(Visit visit, LocalDate target, LocalDate earliest, LocalDate latest) {
    public ScheduledVisit {
        if (earliest.isAfter(target) || latest.isBefore(target)) {
            throw new IllegalArgumentException("the window of " + visit.id() + " must contain its target date");
        }
    }

    /** Whether a visit that took place on {@code date} lies inside the window. */
    public boolean inWindow(LocalDate date) {
        return !date.isBefore(earliest) && !date.isAfter(latest);
    }
}
