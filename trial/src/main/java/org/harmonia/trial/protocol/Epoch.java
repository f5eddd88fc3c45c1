package org.harmonia.trial.protocol;

/** A named phase of the study timeline (USDM StudyEpoch). */
public record Epoch(String id, String label, EpochType type) {
}
