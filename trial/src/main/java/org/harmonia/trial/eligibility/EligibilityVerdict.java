package org.harmonia.trial.eligibility;

import java.util.LinkedHashSet;
import java.util.List;

/** The eligibility of one patient: a verdict per criterion, in protocol order, and the overall outcome. */
public record EligibilityVerdict(List<CriterionVerdict> criteria) {

    public EligibilityVerdict {
        criteria = List.copyOf(criteria);
    }

    /** ELIGIBLE, NOT_ELIGIBLE (something rules the patient out) or INCOMPLETE (data missing). */
    public EligibilityOutcome outcome() {
        if (criteria.stream().anyMatch(CriterionVerdict::rulesOut)) {
            return EligibilityOutcome.NOT_ELIGIBLE;
        }
        if (criteria.stream().anyMatch(v -> v.outcome() == CriterionOutcome.CANNOT_TELL)) {
            return EligibilityOutcome.INCOMPLETE;
        }
        return EligibilityOutcome.ELIGIBLE;
    }

    /** The criteria that rule the patient out. */
    public List<CriterionVerdict> failed() {
        return criteria.stream().filter(CriterionVerdict::rulesOut).toList();
    }

    /** The criteria that cannot be told from the data entered. */
    public List<CriterionVerdict> undecided() {
        return criteria.stream().filter(v -> v.outcome() == CriterionOutcome.CANNOT_TELL).toList();
    }

    /** The variables whose entry would decide the criteria not told yet, in the order the criteria read them. */
    public List<String> missing() {
        var names = new LinkedHashSet<String>();
        undecided().forEach(v -> names.addAll(v.missing()));
        return List.copyOf(names);
    }

    /** Whether some criterion cannot be told until the randomisation date is known. */
    public boolean randomisationDateMissing() {
        return undecided().stream().anyMatch(CriterionVerdict::randomisationDateMissing);
    }

    /** The verdict on the criterion with the given id. */
    public CriterionVerdict criterion(String id) {
        return criteria.stream().filter(v -> v.criterionId().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no criterion " + id + " in this verdict"));
    }
}
