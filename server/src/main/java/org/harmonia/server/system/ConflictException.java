package org.harmonia.server.system;

/**
 * The request is valid but clashes with the current state (an illegal transition, a stale version): 409.
 * For a stale version the current one is given, so the client can reload and retry.
 */
public class ConflictException extends RuntimeException {
    private final Integer currentVersion;

    public ConflictException(String message) {
        this(message, null);
    }

    public ConflictException(String message, Integer currentVersion) {
        super(message);
        this.currentVersion = currentVersion;
    }

    /** The version the record has now, when the conflict is a stale version; otherwise null. */
    public Integer currentVersion() {
        return currentVersion;
    }
}
