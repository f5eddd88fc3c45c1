package org.harmonia.server.system;

/** One field of a request that is wrong, and why. */
public record FieldError(String field, String message) {
}
