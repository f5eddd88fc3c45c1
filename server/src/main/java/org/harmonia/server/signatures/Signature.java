package org.harmonia.server.signatures;

import java.time.Instant;

/**
 * An electronic signature of a subject's casebook ({@code visitId} null) or of one visit: who signed (username and
 * printed name), when, with which meaning, and the SHA-256 of exactly what was signed. {@code status} is
 * {@code VALID} while the signed data are unchanged, {@code BROKEN} after a change (when, by whom, what changed).
 */
public record Signature(long id, String studyId, String subjectId, String siteId, String visitId, String meaning, String meaningText,
                        String signedBy, String signerName, Instant signedAt, String contentSha256, int formRecords,
                        Status status, Instant brokenAt, String brokenBy, String brokenReason) {
    public enum Status { VALID, BROKEN }
}
