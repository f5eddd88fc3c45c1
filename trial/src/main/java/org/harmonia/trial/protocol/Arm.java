package org.harmonia.trial.protocol;

/** A treatment arm: what a participant receives during one treatment epoch. */
public record Arm(String id, String label, String type, String interventionId) {
}
