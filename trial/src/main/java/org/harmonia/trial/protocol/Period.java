package org.harmonia.trial.protocol;

/** One step of a sequence: during this epoch, this arm (a USDM study cell). */
public record Period(String epochId, String armId) {
}
