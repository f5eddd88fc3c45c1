package org.harmonia.trial.protocol;

/** A measured outcome of the study. */
public record Endpoint(String id, Level level, EndpointType type, String text, EndpointSource source) {
}
