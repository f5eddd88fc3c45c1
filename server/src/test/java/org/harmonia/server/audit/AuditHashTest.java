package org.harmonia.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The hash layout of docs/audit.md. Expected values were computed outside Java from the documented layout
 * (Python 3 hashlib.sha256 over the length-prefixed fields), so a change to the layout cannot go unnoticed.
 */
class AuditHashTest {
    static final AuditEntry FIRST = new AuditEntry(1, Instant.parse("2025-03-04T10:15:30.123456Z"), "coord.berg", "INSERT",
            "mesems", "stockholm", "visit", "V-1", "edss", null, "3.5", null, null, null);

    @Test
    void matchesTheDocumentedExampleForTheFirstRow() {
        assertThat(AuditHash.of(FIRST)).isEqualTo("ff967d0c404629de75cfcc22e8d751c66116e32671638fab392334a4be7c4df8");
    }

    @Test
    void chainsTheSecondRowToTheFirst() {
        AuditEntry second = new AuditEntry(2, Instant.parse("2025-03-04T10:16:00Z"), "dm.rossi", "UPDATE", "mesems",
                "stockholm", "visit", "V-1", "edss", "3.5", "4.0", "transcription error",
                "ff967d0c404629de75cfcc22e8d751c66116e32671638fab392334a4be7c4df8", null);
        assertThat(AuditHash.of(second)).isEqualTo("72066463b5bc161829b0336d111cb829ac55e70d9d3338838c8dbf0793ec574f");
    }

    @Test
    void writesTimesInUtcWithSixFractionDigits() {
        assertThat(AuditHash.timestamp(Instant.parse("2025-03-04T10:16:00Z"))).isEqualTo("2025-03-04T10:16:00.000000Z");
        assertThat(AuditHash.timestamp(Instant.parse("2025-03-04T10:16:00.1234567Z"))).isEqualTo("2025-03-04T10:16:00.123456Z");
    }

    @Test
    void ignoresTheStoredHashButNotAnyOtherColumn() {
        AuditEntry withHash = new AuditEntry(1, FIRST.recordedAt(), "coord.berg", "INSERT", "mesems", "stockholm", "visit",
                "V-1", "edss", null, "3.5", null, null, "0".repeat(64));
        assertThat(AuditHash.of(withHash)).isEqualTo(AuditHash.of(FIRST));
        AuditEntry emptyInsteadOfNull = new AuditEntry(1, FIRST.recordedAt(), "coord.berg", "INSERT", "mesems", "stockholm",
                "visit", "V-1", "edss", "", "3.5", null, null, null);
        assertThat(AuditHash.of(emptyInsteadOfNull)).isNotEqualTo(AuditHash.of(FIRST));
        AuditEntry shifted = new AuditEntry(1, FIRST.recordedAt(), "coord.berg", "INSERT", "mesems", "stockholm", "visit",
                "V-1", "eds", "s", "3.5", null, null, null);
        assertThat(AuditHash.of(shifted)).as("moving text between fields changes the hash").isNotEqualTo(AuditHash.of(FIRST));
    }

    @Test
    void writesTimesByHandAsTheFormatterDoesAcrossYearsMonthsAndMicroseconds() {
        java.time.format.DateTimeFormatter formatter = java.time.format.DateTimeFormatter
                .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);
        java.util.Random random = new java.util.Random(20261202);
        for (int i = 0; i < 10_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L), random.nextInt(1_000_000_000));
            assertThat(AuditHash.timestamp(t)).as(t.toString())
                    .isEqualTo(formatter.format(t.truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
        }
    }

    @Test
    void aSealedRowsDigestIsTheSha256OfItsDocumentedFields() throws Exception {
        // the layout of docs/audit.md written out independently of AuditHash's own helpers
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (String f : new String[] {"harmonia-audit-row-v2", "1", "751", "2025-03-04T10:15:30.123456Z", "coord.berg", "INSERT",
                "mesems", "stockholm", "visit", "V-1", "edss", null, "3.5", null}) {
            if (f == null) {
                out.write(new byte[] {-1, -1, -1, -1});
            } else {
                byte[] b = f.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.write(java.nio.ByteBuffer.allocate(4).putInt(b.length).array());
                out.write(b);
            }
        }
        byte[] expected = java.security.MessageDigest.getInstance("SHA-256").digest(out.toByteArray());
        assertThat(AuditHash.rowDigest(FIRST, "751")).isEqualTo(expected);
        assertThat(AuditHash.rowDigest(FIRST, "751")).as("the same again: the thread's digest starts afresh").isEqualTo(expected);
    }
}
