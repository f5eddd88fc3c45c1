package org.harmonia.server.visits;

import java.time.LocalDate;
import java.util.List;
import org.harmonia.trial.schedule.VisitStatus;

/** One visit of a subject's schedule: dates, status, and the forms planned with the ones already recorded. */
public record ScheduleEntry(String visitId, String label, int targetDay, LocalDate targetDate, LocalDate earliest,
                            LocalDate latest, VisitStatus status, LocalDate visitDate, boolean outOfWindow,
                            List<PlannedForm> forms) {

    /**
     * Each form of the visit once, in schedule order: two activities may be recorded on one form (MESEMS takes the
     * pregnancy test on the laboratory form), which a page offers once.
     */
    public List<PlannedForm> formsOnce() {
        java.util.Map<String, PlannedForm> once = new java.util.LinkedHashMap<>();
        forms.forEach(f -> once.putIfAbsent(f.formId(), f));
        return List.copyOf(once.values());
    }

    /** A form planned at the visit, and its record if saved. */
    public record PlannedForm(String formId, String activity, Long recordId) {
    }
}
