package org.harmonia.trial.randomisation;

/** A randomisation was asked for with arguments it cannot honour (bad block size, unknown sequence, missing factor level...); the message is meant for a person. */
public class RandomisationException extends IllegalArgumentException {
    public RandomisationException(String message) {
        super(message);
    }
}
