package org.harmonia.server.safety;

import java.time.Instant;

/**
 * A serious adverse event awaiting its expedited report to sponsor and authorities: raised when the AE is
 * saved as serious, due 24 hours later, open until submitted.
 */
public record ExpeditedReport(long id, String studyId, String subjectId, String siteId, long formRecordId, String term,
                              Instant raisedAt, Instant dueAt, Instant submittedAt, String submittedBy, boolean overdue) {
}
