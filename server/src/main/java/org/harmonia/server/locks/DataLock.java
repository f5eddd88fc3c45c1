package org.harmonia.server.locks;

import java.time.Instant;

/**
 * A lock as stored: what it covers ({@code subjectId} for a casebook, {@code formRecordId} too for one record, neither
 * for the study), who locked it, when and why, and, once lifted, who unlocked it, when and why. A database lock has a
 * {@code name} and the protocol version its snapshot is analysed with.
 */
public record DataLock(long id, String studyId, LockScope scope, String subjectId, String siteId, Long formRecordId, String name,
                       String reason, Instant lockedAt, String lockedBy, String protocolVersion, Instant unlockedAt,
                       String unlockedBy, String unlockReason, int version, boolean active) {

    /** The lock in one line, as refusals and reports name it: "database lock 3 \"Final analysis\" by dm at …". */
    public String describe() {
        String what = switch (scope) {
            case STUDY -> "database lock " + id + " \"" + name + "\"";
            case SUBJECT -> "lock " + id + " of the casebook of subject " + subjectId;
            case FORM_RECORD -> "lock " + id + " of form record " + formRecordId;
        };
        return what + " by " + lockedBy + " at " + lockedAt;
    }
}
