package org.harmonia.trial.eligibility;

/** The overall screening result for a patient. */
public enum EligibilityOutcome {
    /** Every inclusion is met and no exclusion is. */
    ELIGIBLE,
    /** An inclusion is not met or an exclusion is met. */
    NOT_ELIGIBLE,
    /** Nothing rules the patient out yet, but some criteria cannot be told from the data entered. */
    INCOMPLETE
}
