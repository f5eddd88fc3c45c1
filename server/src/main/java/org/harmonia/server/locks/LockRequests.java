package org.harmonia.server.locks;

import org.harmonia.server.system.Text;

/** The bodies of the lock endpoints; their texts are checked as they are read. */
public final class LockRequests {
    private LockRequests() {
    }

    /**
     * Locking: {@code scope} is {@code form-record} (with {@code formRecordId}), {@code subject} (with
     * {@code subjectId}) or {@code study} (with the {@code name} its snapshot and reports carry); a reason always.
     */
    public record Lock(String scope, String subjectId, Long formRecordId, String name, String reason) {
        public Lock {
            Text.singleLine("scope", scope, 20);
            Text.singleLine("subjectId", subjectId, 100);
            Text.singleLine("name", name, 200);
            Text.multiLine("reason", reason);
        }
    }

    /** Unlocking, documented: the version of the lock read and why. */
    public record Unlock(String reason, Integer version) {
        public Unlock {
            Text.multiLine("reason", reason);
        }
    }
}
