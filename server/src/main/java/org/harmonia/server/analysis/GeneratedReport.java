package org.harmonia.server.analysis;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A report that was generated: who, when, through which channel, blinded or unblinded, on the live data or on a
 * database lock's stored snapshot (with the lock's name and the time its snapshot was taken), the analysis data cut-off
 * and protocol version it analysed, and the SHA-256 of its HTML and PDF bytes. {@code reproducesId} names the past
 * report this one generated again.
 */
public record GeneratedReport(long id, String studyId, Kind kind, Long lockId, String lockName, Instant snapshotTakenAt,
                              LocalDate analysisCutoff, String protocolVersion, String harmoniaVersion, String htmlSha256,
                              String pdfSha256, Channel channel, Long reproducesId, String generatedBy, Instant generatedAt) {

    public GeneratedReport {
        if (studyId == null || kind == null || channel == null || generatedBy == null || generatedAt == null) {
            throw new IllegalArgumentException("a generated report names its study, kind, channel, author and time");
        }
        if (!isSha256(htmlSha256) || !isSha256(pdfSha256)) {
            throw new IllegalArgumentException("a generated report keeps the SHA-256 of its HTML and PDF as 64 hex digits");
        }
        if ((lockId == null) != (snapshotTakenAt == null)) {
            throw new IllegalArgumentException("a report on a lock names the time its snapshot was taken, and only then");
        }
    }

    /** The report for the open session (blinded, pooled over arms) or the closed one (unblinded, by sequence). */
    public enum Kind {
        BLINDED, UNBLINDED;

        public boolean unblinded() {
            return this == UNBLINDED;
        }

        /** The word of the report's address: {@code blinded} or {@code unblinded}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind of(boolean unblinded) {
            return unblinded ? UNBLINDED : BLINDED;
        }
    }

    /** How the report was asked for. */
    public enum Channel {
        API, PAGE, COMMAND_LINE
    }

    /** Whether it can be generated again to the same bytes: only a report on a lock's snapshot can. */
    public boolean reproducible() {
        return lockId != null;
    }

    static boolean isSha256(String text) {
        return text != null && text.matches("[0-9a-f]{64}");
    }
}
