package org.harmonia.server.analysis;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.harmonia.trial.subject.SubjectStatus;

/**
 * One subject as the analysis reads it: lifecycle, screening values, whether enrolled and randomised and (in an unblinded
 * snapshot only) the sequence, the live form values by visit, the adverse events, and the day zero (the randomisation date,
 * the origin of time-to-event endpoints; null before randomisation).
 */
public record SubjectData(String id, String siteId, String subTrialId, SubjectStatus status, LocalDate screeningDate,
                          Map<String, String> screening, List<String> failedCriteria, String endReason, boolean enrolled, boolean randomised,
                          String sequenceId, Map<String, Map<String, Map<String, String>>> formsByVisit,
                          List<Map<String, String>> adverseEvents, LocalDate dayZero) {

    public SubjectData {
        screening = Map.copyOf(screening);
        failedCriteria = List.copyOf(failedCriteria);
        formsByVisit = Map.copyOf(formsByVisit);
        adverseEvents = List.copyOf(adverseEvents);
    }

    /** The value of a form's field at a visit, if recorded. */
    public Optional<String> value(String visit, String form, String field) {
        return Optional.ofNullable(formsByVisit.get(visit)).map(f -> f.get(form)).map(v -> v.get(field));
    }

    /** A numeric value of a form's field at a visit, if recorded. */
    public Optional<Double> number(String visit, String form, String field) {
        return value(visit, form, field).map(Double::valueOf);
    }

    /** Every recorded value of a form's field, whatever the visit. */
    public List<String> values(String form, String field) {
        return formsByVisit.values().stream().map(f -> f.get(form)).filter(java.util.Objects::nonNull).map(v -> v.get(field))
                .filter(java.util.Objects::nonNull).toList();
    }

    /** Whether any record of the form exists at any visit. */
    public long visitsWith(String form) {
        return formsByVisit.values().stream().filter(f -> f.containsKey(form)).count();
    }
}
