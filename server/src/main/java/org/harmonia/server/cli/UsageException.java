package org.harmonia.server.cli;

/** A command was given arguments it cannot act on; the message says which and why. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
