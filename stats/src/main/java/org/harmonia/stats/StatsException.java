package org.harmonia.stats;

/** Root of every error the statistics engine reports to its caller; the message is meant for a person. */
public class StatsException extends RuntimeException {
    public StatsException(String message) {
        super(message);
    }

    public StatsException(String message, Throwable cause) {
        super(message, cause);
    }
}
