package org.harmonia.server.monitoring;

/** Source data verification at one site and visit ({@code visitId} null: log records tied to no visit). */
public record Progress(String siteId, String visitId, int records, int selected, int verified, int reverify) {
    /** The share of the selected records verified, 0 to 100, rounded down; 100 when none is selected. */
    public int percentVerified() {
        return selected == 0 ? 100 : (int) (100L * verified / selected);
    }
}
