package org.harmonia.trial.eligibility;

/** What is wrong with one field of the screening data a site entered. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
