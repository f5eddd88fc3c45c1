package org.harmonia.server.datamanagement;

/**
 * How many records of one form at one visit a site's subjects should have by today (their visit's target date has come,
 * they had not left the study by then, the visit was not recorded as missed) and how many are saved.
 */
public record CompletenessRow(String siteId, String visitId, String visitLabel, String formId, String formLabel, int expected,
                              int saved) {
    public CompletenessRow {
        if (expected < 0 || saved < 0 || saved > expected) {
            throw new IllegalArgumentException("saved " + saved + " of " + expected + " expected is not a count of forms");
        }
    }

    public int missing() {
        return expected - saved;
    }

    /** The share saved, in whole percent rounded down (so 100 means every form is there). */
    public int percentSaved() {
        return expected == 0 ? 100 : (int) (100L * saved / expected);
    }
}
