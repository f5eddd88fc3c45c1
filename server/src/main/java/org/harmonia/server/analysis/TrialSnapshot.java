package org.harmonia.server.analysis;

import java.time.Instant;
import java.util.List;

/**
 * The trial's data at one instant, read in one repeatable-read transaction so every table of a report
 * comes from the same state. A blinded snapshot never contains a sequence.
 */
public record TrialSnapshot(String studyId, String protocolVersion, String protocolSha256, Instant takenAt, boolean unblinded,
                            List<SubjectData> subjects, int formRecords) {
    public TrialSnapshot {
        subjects = List.copyOf(subjects);
    }

    /** The line that lets anyone reproduce a number: when, how much data, which protocol. */
    public String describe() {
        return "data snapshot " + takenAt + " (" + subjects.size() + " subjects, " + formRecords + " form records), protocol "
                + studyId + " " + protocolVersion + " (sha256 " + protocolSha256.substring(0, 12) + ")";
    }
}
