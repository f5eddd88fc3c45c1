package org.harmonia.trial.protocol;

/** A measured outcome of the study; a time-to-event endpoint may say how its times derive from captured dates. */
public record Endpoint(String id, Level level, EndpointType type, String text, EndpointSource source, TimeToEvent timeToEvent) {
}
