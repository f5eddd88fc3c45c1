package org.harmonia.server.visits;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.harmonia.trial.forms.FieldIssue;

/** One saved eCRF: its values as stored text, the warnings it was saved with, its version and whether it is voided. */
public record FormRecord(long id, String studyId, String subjectId, String siteId, String visitId, String formId,
                         boolean repeating, Map<String, String> values, List<FieldIssue> warnings, int version,
                         boolean voided, String voidReason, Instant createdAt, String createdBy, Instant updatedAt,
                         String updatedBy) {
    public FormRecord {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        warnings = List.copyOf(warnings);
    }
}
