package org.harmonia.server.datamanagement;

/**
 * A site's queries awaiting someone (open: the site; answered: the data manager), counted by age in days since they
 * were raised, with the oldest one's age.
 */
public record QueryAgeRow(String siteId, String status, int total, int upTo7Days, int days8To14, int days15To30, int over30Days,
                          int oldestDays) {
    public QueryAgeRow {
        if (upTo7Days + days8To14 + days15To30 + over30Days != total) {
            throw new IllegalArgumentException("the age groups of site " + siteId + " do not add up to its " + total + " queries");
        }
    }
}
