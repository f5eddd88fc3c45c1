package org.harmonia.trial.eligibility;

import java.util.List;

/**
 * The verdict on one criterion for one patient, with the reason in words. When the outcome is CANNOT_TELL,
 * {@code missing} names the variables that were not entered and {@code randomisationDateMissing} says whether
 * the rule also needs the randomisation date.
 */
public record CriterionVerdict(String criterionId, CriterionKind kind, String text, CriterionOutcome outcome,
        String reason, List<String> missing, boolean randomisationDateMissing) {

    public CriterionVerdict {
        missing = List.copyOf(missing);
    }

    /** Whether this verdict rules the patient out: an inclusion not met, or an exclusion met. */
    public boolean rulesOut() {
        return kind == CriterionKind.INCLUSION ? outcome == CriterionOutcome.NOT_MET : outcome == CriterionOutcome.MET;
    }
}
