package org.harmonia.server.monitoring;

import java.time.Instant;

/**
 * One source data verification of a form record (or of one of its fields, {@code field} null meaning the whole record),
 * as a monitor made it; {@code removedAt} set once the site changed a verified value or voided the record.
 */
public record Verification(long id, String subjectId, String siteId, String visitId, long formRecordId, String formId,
                           String field, VerificationScope scope, int verifiedVersion, Instant verifiedAt, String verifiedBy,
                           Instant removedAt, String removedBy, RemovalReason removedReason, Integer removedVersion) {

    /** Why a verification no longer holds. */
    public enum RemovalReason { VALUE_CHANGED, RECORD_VOIDED }

    public boolean live() {
        return removedAt == null;
    }
}
