package org.harmonia.server.monitoring;

import java.time.Instant;

/** A monitor's finding on a form record (a field of it, or the whole record): what the source showed otherwise. */
public record Finding(long id, String subjectId, String siteId, long formRecordId, String formId, String field, String finding,
                      Instant recordedAt, String recordedBy) {
}
