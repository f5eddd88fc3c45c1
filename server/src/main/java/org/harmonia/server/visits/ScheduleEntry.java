package org.harmonia.server.visits;

import java.time.LocalDate;
import java.util.List;
import org.harmonia.trial.schedule.VisitStatus;

/** One visit of a subject's schedule: dates, status, and the forms planned with the ones already recorded. */
public record ScheduleEntry(String visitId, String label, int targetDay, LocalDate targetDate, LocalDate earliest,
                            LocalDate latest, VisitStatus status, LocalDate visitDate, boolean outOfWindow,
                            List<PlannedForm> forms) {

    /** A form planned at the visit, and its record if saved. */
    public record PlannedForm(String formId, String activity, Long recordId) {
    }
}
