package org.harmonia.trial.protocol;

/** The kind of variable an endpoint is, which decides how it can be analysed. */
public enum EndpointType { COUNT, CONTINUOUS, BINARY, ORDINAL, TIME_TO_EVENT }
