package org.harmonia.trial.schedule;

import java.time.LocalDate;

/** Where a planned visit stands on a given day. */
public enum VisitStatus {
    /** Its window has not opened yet. */
    UPCOMING,
    /** Today is inside its window. */
    DUE,
    /** Its window has closed and nothing was recorded. */
    OVERDUE,
    /** It took place. */
    DONE,
    /** It was recorded as missed. */
    MISSED;

    /** The status of a visit on {@code today}, given what was recorded for it (done, missed, or nothing). */
    public static VisitStatus of(ScheduledVisit visit, LocalDate today, boolean done, boolean missed) {
        if (done) {
            return DONE;
        }
        if (missed) {
            return MISSED;
        }
        if (today.isBefore(visit.earliest())) {
            return UPCOMING;
        }
        return today.isAfter(visit.latest()) ? OVERDUE : DUE;
    }
}
