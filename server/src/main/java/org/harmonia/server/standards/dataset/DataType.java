package org.harmonia.server.standards.dataset;

/**
 * The data types of Dataset-JSON 1.1 that Harmonia writes. Dates are ISO 8601 text (as SDTM keeps them, so a partial
 * date stays possible); in XPT they are character variables.
 */
public enum DataType {
    STRING("string", false),
    DATE("date", false),
    INTEGER("integer", true),
    DOUBLE("double", true);

    private final String json;
    private final boolean numeric;

    DataType(String json, boolean numeric) {
        this.json = json;
        this.numeric = numeric;
    }

    /** The {@code dataType} of a Dataset-JSON column. */
    public String json() {
        return json;
    }

    public boolean numeric() {
        return numeric;
    }
}
