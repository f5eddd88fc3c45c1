package org.harmonia.server.system;

/** The caller is known but its roles do not allow this action: 403. */
public class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message);
    }
}
