package org.harmonia.trial.eligibility;

/** Whether a criterion must hold for a patient to be eligible (inclusion) or excludes the patient when it holds. */
public enum CriterionKind {
    INCLUSION, EXCLUSION
}
