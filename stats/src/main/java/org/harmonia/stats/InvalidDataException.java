package org.harmonia.stats;

/** The data or the arguments given to a method cannot be analysed as asked (missing column, negative count, constant term...). */
public class InvalidDataException extends StatsException {
    public InvalidDataException(String message) {
        super(message);
    }
}
