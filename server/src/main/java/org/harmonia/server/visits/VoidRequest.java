package org.harmonia.server.visits;

/** Withdrawing a record from use (it stays visible to auditors): the version read and the reason. */
public record VoidRequest(Integer version, String reason) {
}
