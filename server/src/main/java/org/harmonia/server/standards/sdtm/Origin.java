package org.harmonia.server.standards.sdtm;

/** Where a variable's values come from, in the terms of Define-XML 2.1 ({@code def:Origin/@Type} and {@code @Source}). */
public enum Origin {
    COLLECTED("Collected", "Investigator"),
    DERIVED("Derived", "Sponsor"),
    ASSIGNED("Assigned", "Sponsor"),
    PROTOCOL("Protocol", "Sponsor"),
    PREDECESSOR("Predecessor", "Sponsor");

    private final String type;
    private final String source;

    Origin(String type, String source) {
        this.type = type;
        this.source = source;
    }

    public String type() {
        return type;
    }

    public String source() {
        return source;
    }
}
