package org.harmonia.server.safety;

import java.time.Instant;

/**
 * A serious adverse event awaiting its expedited report to sponsor and authorities: raised when the AE is
 * saved as serious, due 24 hours later, open until submitted; cancelled (never deleted) if the AE is voided
 * or corrected to non-serious.
 */
public record ExpeditedReport(long id, String studyId, String subjectId, String siteId, long formRecordId, String term,
                              Instant raisedAt, Instant dueAt, Instant submittedAt, String submittedBy, Instant cancelledAt,
                              String cancelReason, boolean overdue) {
}
