package org.harmonia.server.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;

/**
 * A filter over the audit trail (every criterion optional, blank meaning absent) and a page of it:
 * {@code from} inclusive, {@code to} exclusive, at most {@link #MAX_LIMIT} rows from {@code offset}, oldest first.
 */
public record AuditQuery(String studyId, String siteId, String entityType, String entityId, String actor,
                         Instant from, Instant to, int limit, int offset) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        studyId = blankToNull(studyId);
        siteId = blankToNull(siteId);
        entityType = blankToNull(entityType);
        entityId = blankToNull(entityId);
        actor = blankToNull(actor);
        List<FieldError> errors = new ArrayList<>();
        if (entityId != null && entityType == null) {
            errors.add(new FieldError("entityType", "an entity id is only unique within its type: give entityType too"));
        }
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new FieldError("to", "must be after from (" + from + ")"));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT + ", not " + limit));
        }
        if (offset < 0) {
            errors.add(new FieldError("offset", "must be 0 or more, not " + offset));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
