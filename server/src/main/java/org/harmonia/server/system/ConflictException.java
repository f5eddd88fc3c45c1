package org.harmonia.server.system;

/** The request is valid but clashes with the current state (a stale version, an illegal transition): 409. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
