package org.harmonia.trial.eligibility;

/** The kind of value a screening variable holds, which decides how a site's entry is read and checked. */
public enum VariableType {
    /** A decimal number, such as eGFR. */
    NUMBER("a number"),
    /** A whole number, such as a count of relapses. */
    INTEGER("a whole number"),
    /** Yes or no. */
    BOOLEAN("yes or no"),
    /** A calendar date (yyyy-mm-dd), or {@code never} for an event that never happened. */
    DATE("a date"),
    /** One of the values the protocol lists. */
    CHOICE("one of a list of choices"),
    /** An Expanded Disability Status Scale score: 0 to 10 in steps of 0.5. */
    EDSS("an EDSS score"),
    /** Free text. */
    TEXT("text");

    private final String description;

    VariableType(String description) {
        this.description = description;
    }

    /** How the type is named in messages, e.g. "a date". */
    public String description() {
        return description;
    }
}
