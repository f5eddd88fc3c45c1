package org.harmonia.server.protocol;

/** A study as listed by {@code GET /api/studies}. */
public record StudySummary(String id, String acronym, String title, String version, String design,
                           int subTrials, int sites) {
}
