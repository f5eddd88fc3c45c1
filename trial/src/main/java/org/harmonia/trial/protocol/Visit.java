package org.harmonia.trial.protocol;

/** A planned encounter (USDM Encounter): target day relative to day 0 and its window. */
public record Visit(String id, String label, String epochId, int targetDay, VisitWindow window) {
}
