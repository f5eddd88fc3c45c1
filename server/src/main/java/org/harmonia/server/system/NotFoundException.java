package org.harmonia.server.system;

/** The thing asked for does not exist, or the caller may not know that it does (answered the same way: 404). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
