package org.harmonia.server.analysis;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.harmonia.trial.subject.SubjectStatus;

/**
 * The trial's data at one instant, read in one repeatable-read transaction so every table of a report
 * comes from the same state. A blinded snapshot never contains a sequence. With an analysis data cut-off,
 * {@code subjects} are the analysed ones and {@code afterCutoff} the later ones, counted and listed but not analysed.
 * {@code randomisationOrder} (unblinded only) lists the randomised subjects in the order they were randomised, which a
 * re-randomisation test re-runs the allocation procedure in.
 */
public record TrialSnapshot(String studyId, String protocolVersion, String protocolSha256, Instant takenAt, boolean unblinded,
                            List<SubjectData> subjects, int formRecords, AnalysisCutoff cutoff, List<LaterSubject> afterCutoff,
                            String databaseLock, List<String> randomisationOrder) {
    public TrialSnapshot {
        subjects = List.copyOf(subjects);
        afterCutoff = List.copyOf(afterCutoff);
        randomisationOrder = List.copyOf(randomisationOrder);
        if (!unblinded && !randomisationOrder.isEmpty()) {
            throw new IllegalArgumentException("the order of randomisation is read for an unblinded snapshot only");
        }
        if (cutoff == null && !afterCutoff.isEmpty()) {
            throw new IllegalArgumentException("subjects after a cut-off need the cut-off");
        }
    }

    /** Without the order of randomisation (which only a re-randomisation test needs). */
    public TrialSnapshot(String studyId, String protocolVersion, String protocolSha256, Instant takenAt, boolean unblinded,
                         List<SubjectData> subjects, int formRecords, AnalysisCutoff cutoff, List<LaterSubject> afterCutoff,
                         String databaseLock) {
        this(studyId, protocolVersion, protocolSha256, takenAt, unblinded, subjects, formRecords, cutoff, afterCutoff, databaseLock,
                List.of());
    }

    /** The same snapshot with the subjects' order of randomisation (ids, first randomised first). */
    public TrialSnapshot withRandomisationOrder(List<String> order) {
        return new TrialSnapshot(studyId, protocolVersion, protocolSha256, takenAt, unblinded, subjects, formRecords, cutoff,
                afterCutoff, databaseLock, order);
    }

    /** The live data (no database lock), with or without a cut-off. */
    public TrialSnapshot(String studyId, String protocolVersion, String protocolSha256, Instant takenAt, boolean unblinded,
                         List<SubjectData> subjects, int formRecords, AnalysisCutoff cutoff, List<LaterSubject> afterCutoff) {
        this(studyId, protocolVersion, protocolSha256, takenAt, unblinded, subjects, formRecords, cutoff, afterCutoff, null);
    }

    /** A snapshot without an analysis cut-off: every subject is analysed. */
    public TrialSnapshot(String studyId, String protocolVersion, String protocolSha256, Instant takenAt, boolean unblinded,
                         List<SubjectData> subjects, int formRecords) {
        this(studyId, protocolVersion, protocolSha256, takenAt, unblinded, subjects, formRecords, null, List.of());
    }

    /** A subject after the cut-off as the report lists it: no data, and never a sequence, whichever report it is. */
    public record LaterSubject(String id, String siteId, SubjectStatus status, LocalDate screeningDate, LocalDate dayZero,
                               boolean randomised) {
    }

    /**
     * The line that lets anyone reproduce a number: when, how much data, which protocol, which cut-off, and the database
     * lock whose stored snapshot was read (then the report reproduces byte for byte from it).
     */
    public String describe() {
        String analysed = cutoff == null ? subjects.size() + " subjects"
                : subjects.size() + " subjects analysed to the cut-off " + cutoff.date() + ", " + afterCutoff.size() + " after it";
        return (databaseLock == null ? "data snapshot " : "data snapshot of " + databaseLock + ", taken ") + takenAt + " (" + analysed + ", " + formRecords + " form records), protocol "
                + studyId + " " + protocolVersion + " (sha256 " + protocolSha256.substring(0, 12) + ")";
    }
}
