package org.harmonia.trial.protocol;

/** Who is kept unaware of the allocation, in the ClinicalTrials.gov vocabulary (none = open label). */
public enum Masking {
    NONE, SINGLE, DOUBLE, TRIPLE, QUADRUPLE;

    public boolean blinded() {
        return this != NONE;
    }
}
