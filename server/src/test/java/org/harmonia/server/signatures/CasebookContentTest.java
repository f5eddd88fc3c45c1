package org.harmonia.server.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.harmonia.server.visits.FormRecord;
import org.harmonia.server.visits.VisitRecord;
import org.junit.jupiter.api.Test;

/** The canonical text a signature signs: stable, bound to study and subject, and impossible to forge with a value. */
class CasebookContentTest {
    static final Instant T = Instant.parse("2026-06-15T10:00:00Z");

    static FormRecord record(long id, String subject, String visit, String form, Map<String, String> values, boolean voided) {
        return new FormRecord(id, "mesems", subject, "07", visit, form, visit == null, values, List.of(), 1, voided,
                voided ? "wrong subject" : null, T, "coord", T, "coord");
    }

    @Test
    void theTextNamesStudySubjectAndScopeThenVisitsAndRecordsInAFixedOrder() {
        List<FormRecord> records = List.of(
                record(12, "MES-07-001", "W4", "edss", Map.of("edss", "3.5", "assessment_date", "2026-06-14"), false),
                record(7, "MES-07-001", "W0", "edss", Map.of("edss", "3.0"), false));
        List<VisitRecord> visits = List.of(new VisitRecord("W4", "DONE", LocalDate.of(2026, 6, 14), false, null, 1),
                new VisitRecord("W0", "DONE", LocalDate.of(2026, 5, 18), false, "on time", 1));
        CasebookContent c = CasebookContent.of("mesems", "MES-07-001", null, records, visits);
        assertThat(c.text()).isEqualTo("""
                Harmonia casebook signature content, version 1
                study: "mesems"
                subject: "MES-07-001"
                scope: casebook
                visit "W0": DONE date 2026-05-18 out-of-window no note "on time"
                visit "W4": DONE date 2026-06-14 out-of-window no note -
                record 7: form "edss" visit "W0"
                  "edss": "3.0"
                record 12: form "edss" visit "W4"
                  "assessment_date": "2026-06-14"
                  "edss": "3.5"
                end
                """);
        assertThat(c.formRecords()).isEqualTo(2);
        assertThat(c.sha256()).hasSize(64).isEqualTo(CasebookContent.of("mesems", "MES-07-001", null, List.of(records.get(1),
                records.get(0)), List.of(visits.get(1), visits.get(0))).sha256());
        CasebookContent w4 = CasebookContent.of("mesems", "MES-07-001", "W4", records, visits);
        assertThat(w4.text()).contains("scope: visit \"W4\"", "record 12").doesNotContain("record 7", "visit \"W0\":");
    }

    @Test
    void anotherSubjectOrAVoidedRecordGivesAnotherHash() {
        List<FormRecord> records = List.of(record(7, "MES-07-001", "W0", "edss", Map.of("edss", "3.0"), false));
        String signed = CasebookContent.of("mesems", "MES-07-001", null, records, List.of()).sha256();
        assertThat(CasebookContent.of("mesems", "MES-07-002", null, records, List.of()).sha256()).isNotEqualTo(signed);
        assertThat(CasebookContent.of("other", "MES-07-001", null, records, List.of()).sha256()).isNotEqualTo(signed);
        List<FormRecord> voided = List.of(record(7, "MES-07-001", "W0", "edss", Map.of("edss", "3.0"), true));
        CasebookContent none = CasebookContent.of("mesems", "MES-07-001", null, voided, List.of());
        assertThat(none.formRecords()).isZero();
        assertThat(none.sha256()).isNotEqualTo(signed);
    }

    @Test
    void aValueCannotForgeALineOfTheText() {
        String forged = "3.0\"\n  \"edss\": \"9.5";
        CasebookContent c = CasebookContent.of("mesems", "MES-07-001", null,
                List.of(record(7, "MES-07-001", "W0", "edss", Map.of("edss", forged), false)), List.of());
        assertThat(c.text()).contains("  \"edss\": \"3.0\\\"\\n  \\\"edss\\\": \\\"9.5\"\n");
        assertThat(c.text().lines().filter(l -> l.startsWith("  \"edss\""))).hasSize(1);
        assertThat(CasebookContent.quoted("a\u0001b\\")).isEqualTo("\"a\\u0001b\\\\\"");
    }
}
