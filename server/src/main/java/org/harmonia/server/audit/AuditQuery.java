package org.harmonia.server.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;

/**
 * A filter over the audit trail (every criterion optional, blank meaning absent) and a page of it:
 * {@code from} inclusive, {@code to} exclusive, at most {@link #MAX_LIMIT} rows from {@code offset}, oldest first.
 * {@code subjectId} keeps the rows about a subject and its visits, form records, queries and verifications;
 * {@code formId} the rows about records of that form; {@code field} and {@code action} match the row's own.
 */
public record AuditQuery(String studyId, String siteId, String entityType, String entityId, String actor,
                         Instant from, Instant to, int limit, int offset, String subjectId, String formId, String field,
                         String action) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        studyId = blankToNull(studyId);
        siteId = blankToNull(siteId);
        entityType = blankToNull(entityType);
        entityId = blankToNull(entityId);
        actor = blankToNull(actor);
        subjectId = blankToNull(subjectId);
        formId = blankToNull(formId);
        field = blankToNull(field);
        action = blankToNull(action);
        List<FieldError> errors = new ArrayList<>();
        if (action != null && !action.matches("[A-Za-z][A-Za-z_]{0,39}")) {
            errors.add(new FieldError("action", "an action is a word such as INSERT, UPDATE, VOID or LOGIN, not \"" + action + "\""));
        } else if (action != null) {
            action = action.toUpperCase(java.util.Locale.ROOT);
        }
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

    /** The filter without the subject, form, field and action criteria. */
    public AuditQuery(String studyId, String siteId, String entityType, String entityId, String actor, Instant from, Instant to,
                      int limit, int offset) {
        this(studyId, siteId, entityType, entityId, actor, from, to, limit, offset, null, null, null, null);
    }

    /** The same filter at another page. */
    public AuditQuery page(int newLimit, int newOffset) {
        return new AuditQuery(studyId, siteId, entityType, entityId, actor, from, to, newLimit, newOffset, subjectId, formId, field,
                action);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
