package org.harmonia.trial.eligibility;

/** Whether a criterion's rule holds for a patient, or cannot be told because data are missing. */
public enum CriterionOutcome {
    MET, NOT_MET, CANNOT_TELL
}
