package org.harmonia.server.subjects;

import java.util.List;
import org.harmonia.server.subjects.EligibilityResult.CriterionResult;
import org.harmonia.server.system.FieldError;

/** Screening data evaluated without being stored: the verdict, or (when the data cannot be read) the problems, never both. */
public record ScreeningPreview(EligibilityResult eligibility, List<FieldError> errors) {
    public ScreeningPreview {
        errors = List.copyOf(errors);
    }

    /** The criteria that make the patient ineligible: an inclusion not met or an exclusion that applies. */
    public List<CriterionResult> failing() {
        return eligibility == null ? List.of() : eligibility.criteria().stream().filter(c -> eligibility.failed().contains(c.id())).toList();
    }

    /** The criteria that cannot be decided yet, for values not known. */
    public List<CriterionResult> undecided() {
        return eligibility == null ? List.of() : eligibility.criteria().stream()
                .filter(c -> !eligibility.failed().contains(c.id()) && "CANNOT_TELL".equals(c.outcome())).toList();
    }

    /** How many criteria the patient passes. */
    public int passed() {
        return eligibility == null ? 0 : eligibility.criteria().size() - failing().size() - undecided().size();
    }
}
