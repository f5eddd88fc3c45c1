package org.harmonia.server.audit;

import java.util.ArrayList;
import java.util.List;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;

/**
 * One thing to write to the audit trail: who did what to which entity (and field), the old and new value as
 * text, and why. A change to a saved value ({@code UPDATE}) and a voiding ({@code VOID}) need a reason.
 */
public record AuditEvent(String actor, AuditAction action, String studyId, String siteId, String entityType,
                         String entityId, String field, String oldValue, String newValue, String reason) {

    static final String REASON_REQUIRED = "a reason is required to change a saved value";

    public AuditEvent {
        reason = reason == null || reason.isBlank() ? null : reason.strip();
        List<FieldError> errors = new ArrayList<>();
        if (actor == null || actor.isBlank()) {
            errors.add(new FieldError("actor", "the person or process that acted is required"));
        }
        if (action == null) {
            errors.add(new FieldError("action", "an action is required"));
        }
        if (entityType == null || entityType.isBlank()) {
            errors.add(new FieldError("entityType", "the type of the entity acted on is required"));
        }
        if (entityId == null || entityId.isBlank()) {
            errors.add(new FieldError("entityId", "the id of the entity acted on is required"));
        }
        if (AuditAction.UPDATE.equals(action) && (field == null || field.isBlank())) {
            errors.add(new FieldError("field", "a change names the field that changed"));
        }
        if (AuditAction.UPDATE.equals(action) && reason == null) {
            errors.add(new FieldError("reason", REASON_REQUIRED));
        }
        if (AuditAction.VOID.equals(action) && reason == null) {
            errors.add(new FieldError("reason", "a reason is required to void a record"));
        }
        String[][] texts = {{"actor", actor}, {"studyId", studyId}, {"siteId", siteId}, {"entityType", entityType},
                {"entityId", entityId}, {"field", field}, {"oldValue", oldValue}, {"newValue", newValue}, {"reason", reason}};
        for (String[] t : texts) {
            if (t[1] != null && t[1].indexOf('\0') >= 0) {
                errors.add(new FieldError(t[0], "contains a NUL character, which cannot be stored"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    /** A field given a value when its record was first saved. */
    public static AuditEvent insert(String actor, String studyId, String siteId, String entityType, String entityId,
                                    String field, String newValue) {
        return new AuditEvent(actor, AuditAction.INSERT, studyId, siteId, entityType, entityId, field, null, newValue, null);
    }

    /** A saved value changed, with the reason for the change. */
    public static AuditEvent update(String actor, String studyId, String siteId, String entityType, String entityId,
                                    String field, String oldValue, String newValue, String reason) {
        return new AuditEvent(actor, AuditAction.UPDATE, studyId, siteId, entityType, entityId, field, oldValue, newValue, reason);
    }

    /** A record withdrawn from use (never deleted), with the reason. */
    public static AuditEvent voided(String actor, String studyId, String siteId, String entityType, String entityId,
                                    String reason) {
        return new AuditEvent(actor, AuditAction.VOID, studyId, siteId, entityType, entityId, null, null, null, reason);
    }

    /** Any other event about an entity (a log-in, an unblinding), with an optional free-text detail as the new value. */
    public static AuditEvent of(String actor, AuditAction action, String studyId, String siteId, String entityType,
                                String entityId, String detail, String reason) {
        return new AuditEvent(actor, action, studyId, siteId, entityType, entityId, null, null, detail, reason);
    }
}
