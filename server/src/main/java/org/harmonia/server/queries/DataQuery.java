package org.harmonia.server.queries;

import java.time.Instant;

/** A question the central data manager raises on one field of a saved form, and how the site answered it. */
public record DataQuery(long id, String studyId, String subjectId, String siteId, long formRecordId, String field,
                        String question, QueryStatus status, Instant raisedAt, String raisedBy, String answer,
                        Instant answeredAt, String answeredBy, Instant closedAt, String closedBy, String closeNote,
                        int version) {
}
