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
}
