package org.harmonia.server.web;

/** A site whose pages a user may open, in one study. */
public record SiteChoice(String studyId, String studyName, String siteId, String siteName, String city) {
    public String dashboard() {
        return "/studies/" + studyId + "/sites/" + siteId;
    }
}
