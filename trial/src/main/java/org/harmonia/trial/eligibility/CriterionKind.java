package org.harmonia.trial.eligibility;

/** Whether a criterion must hold (inclusion) or must not hold (exclusion) for a patient to be eligible. */
public enum CriterionKind { INCLUSION, EXCLUSION }
