package org.harmonia.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/** Recording to the audit trail through the application, against an embedded PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
class AuditTrailTest {
    @Autowired
    AuditTrail trail;

    @Autowired
    AuditChainVerifier verifier;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    private final String subject = "S-" + UUID.randomUUID();

    @Test
    void recordsAnEventInTheCallersTransaction() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AuditEntry e = tx.execute(s -> trail.record(AuditEvent.insert("coord.berg", "mesems", "stockholm", "subject",
                subject, "edss", "3.5")));
        assertThat(e.seq()).isPositive();
        assertThat(e.hash()).as("chained by the next seal, not by the writer").isNull();
        assertThat(e.recordedAt()).isBetween(before.minusSeconds(5), Instant.now().plusSeconds(5));
        List<AuditEntry> history = trail.history("subject", subject);
        assertThat(history).containsExactly(e);
        assertThat(history.get(0).action()).isEqualTo("INSERT");
        assertThat(history.get(0).recordedAt().getNano() % 1000).as("stored to the microsecond").isZero();
        assertThat(verifier.verify().intact()).isTrue();
    }

    @Test
    void anAuditRowIsRolledBackWithTheChangeItRecords() {
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            trail.record(AuditEvent.insert("coord.berg", "mesems", "stockholm", "subject", subject, "edss", "3.5"));
            throw new IllegalStateException("the change failed");
        })).hasMessage("the change failed");
        assertThat(trail.history("subject", subject)).isEmpty();
        tx.execute(s -> trail.record(AuditEvent.insert("coord.berg", "mesems", "stockholm", "subject", subject, "edss", "4.0")));
        assertThat(verifier.verify().intact()).as("a rolled-back append does not break the chain").isTrue();
    }

    @Test
    void refusesToRecordOutsideATransaction() {
        assertThatThrownBy(() -> trail.record(AuditEvent.insert("coord.berg", "mesems", "stockholm", "subject", subject,
                "edss", "3.5"))).isInstanceOf(IllegalTransactionStateException.class);
        assertThatThrownBy(() -> trail.recordChanges("coord.berg", "mesems", "stockholm", "subject", subject, null,
                Map.of("edss", "3.5"), null)).isInstanceOf(IllegalTransactionStateException.class);
        assertThat(trail.history("subject", subject)).isEmpty();
    }

    @Test
    void aNewRecordGetsOneInsertRowPerFieldWithAValue() {
        Map<String, Object> visit = new LinkedHashMap<>();
        visit.put("visitDate", LocalDate.of(2025, 3, 4));
        visit.put("edss", new BigDecimal("3.5"));
        visit.put("relapse", false);
        visit.put("comment", null);
        List<AuditEntry> rows = tx.execute(s -> trail.recordChanges("coord.berg", "mesems", "stockholm", "visit", subject,
                null, visit, null));
        assertThat(rows).extracting(AuditEntry::action).containsOnly("INSERT");
        assertThat(rows).extracting(AuditEntry::field).containsExactly("edss", "relapse", "visitDate");
        assertThat(rows).extracting(AuditEntry::newValue).containsExactly("3.5", "false", "2025-03-04");
        assertThat(rows).extracting(AuditEntry::oldValue).containsOnlyNulls();
    }

    @Test
    void aChangeWritesOneUpdateRowPerChangedFieldWithOldValueNewValueAndReason() {
        tx.execute(s -> trail.recordChanges("coord.berg", "mesems", "stockholm", "visit", subject, null,
                Map.of("edss", new BigDecimal("3.5"), "weightKg", 70, "visit", "W4"), null));
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("edss", new BigDecimal("4.0"));
        after.put("weightKg", 71);
        after.put("visit", "W4");
        after.put("comment", "re-scored");
        List<AuditEntry> rows = tx.execute(s -> trail.recordChanges("dm.rossi", "mesems", "stockholm", "visit", subject,
                Map.of("edss", new BigDecimal("3.5"), "weightKg", 70, "visit", "W4"), after, "transcription error"));
        assertThat(rows).hasSize(3);
        assertThat(rows).extracting(AuditEntry::action).containsOnly("UPDATE");
        assertThat(rows).extracting(AuditEntry::field).containsExactly("comment", "edss", "weightKg");
        assertThat(rows).extracting(AuditEntry::oldValue).containsExactly(null, "3.5", "70");
        assertThat(rows).extracting(AuditEntry::newValue).containsExactly("re-scored", "4.0", "71");
        assertThat(rows).extracting(AuditEntry::reason).containsOnly("transcription error");
        assertThat(rows).extracting(AuditEntry::actor).containsOnly("dm.rossi");
        assertThat(trail.history("visit", subject)).hasSize(6).endsWith(rows.toArray(AuditEntry[]::new));
    }

    @Test
    void aChangeToASavedValueNeedsAReasonAndWritesNothingWithoutOne() {
        for (String reason : new String[] {null, "", "   "}) {
            InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> tx.execute(s ->
                    trail.recordChanges("dm.rossi", "mesems", "stockholm", "visit", subject, Map.of("edss", "3.5"),
                            Map.of("edss", "4.0"), reason)));
            assertThat(e.errors()).containsExactly(new FieldError("reason", "a reason is required to change a saved value"));
        }
        assertThat(trail.history("visit", subject)).isEmpty();
    }

    @Test
    void savingUnchangedValuesWritesNothingAndNeedsNoReason() {
        List<AuditEntry> rows = tx.execute(s -> trail.recordChanges("dm.rossi", "mesems", "stockholm", "visit", subject,
                Map.of("edss", new BigDecimal("3.5")), Map.of("edss", new BigDecimal("3.5")), null));
        assertThat(rows).isEmpty();
    }

    @Test
    void voidingIsRecordedWithItsReason() {
        AuditEntry e = tx.execute(s -> trail.record(AuditEvent.voided("dm.rossi", "mesems", "stockholm", "visit", subject,
                "entered for the wrong subject")));
        assertThat(e.action()).isEqualTo("VOID");
        assertThat(e.reason()).isEqualTo("entered for the wrong subject");
    }

    @Test
    void keepsTextInAnyScriptExactlySoTheChainStillVerifies() {
        tx.execute(s -> trail.record(AuditEvent.update("dr.müller", "mesems", "zürich", "subject", subject, "initials",
                "ÅÖ", "Ø 😀 «é»\r\n\ttab", "Korrektur: Tippfehler")));
        AuditEntry stored = trail.history("subject", subject).get(0);
        assertThat(stored.newValue()).isEqualTo("Ø 😀 «é»\r\n\ttab");
        assertThat(verifier.verify().intact()).isTrue();
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteAuditRows() {
        AuditEntry e = tx.execute(s -> trail.record(AuditEvent.insert("coord.berg", "mesems", "stockholm", "subject",
                subject, "edss", "3.5")));
        assertThatThrownBy(() -> jdbc.sql("update audit_log set new_value = '2.0' where seq = ?").param(e.seq()).update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .rootCause().hasMessageContaining("audit_log: rows are never changed; record a correction instead (update refused)");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_log where seq = ?").param(e.seq()).update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .rootCause().hasMessageContaining("audit_log: rows are never deleted; void them instead (delete refused)");
        assertThatThrownBy(() -> jdbc.sql("truncate audit_log").update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .rootCause().hasMessageContaining("audit_log: rows are never deleted; void them instead (truncate refused)");
        assertThat(trail.history("subject", subject)).containsExactly(e);
    }

    @Test
    void theDatabaseRefusesANewRowClaimingAPlaceInTheChainAndStampsItsOwnTransaction() {
        AuditEntry e = tx.execute(s -> trail.record(AuditEvent.insert("coord.berg", "mesems", "stockholm", "subject",
                subject, "edss", "3.5")));
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> jdbc.sql("""
                insert into audit_log (recorded_at, actor, action, entity_type, entity_id, hash)
                values (now(), 'intruder', 'INSERT', 'subject', ?, repeat('a', 64))
                """).param(subject).update()))
                .isInstanceOf(DataIntegrityViolationException.class).rootCause()
                .hasMessageContaining("a new row carries no hash; it is chained by the next seal after its commit");
        // a writer naming an old transaction would slip its row into a range already sealed: the database overrules it
        String stamped = tx.execute(s -> {
            jdbc.sql("""
                    insert into audit_log (actor, action, entity_type, entity_id, field, new_value, xid)
                    values ('coord.berg', 'INSERT', 'subject', ?, 'edss', '4.0', 3)
                    """).param(subject).update();
            return jdbc.sql("select (xid = pg_current_xact_id()::text::bigint)::text from audit_log where entity_id = ? and new_value = '4.0'")
                    .param(subject).query(String.class).single();
        });
        assertThat(stamped).isEqualTo("true");
        assertThat(trail.history("subject", subject)).hasSize(2).first().isEqualTo(e);
    }

    @Test
    void findsRowsByStudySiteActorAndTimeAndPagesThem() {
        String actor = "coord-" + UUID.randomUUID();
        Instant start = jdbc.sql("select clock_timestamp()").query(java.time.OffsetDateTime.class).single().toInstant();
        for (int i = 0; i < 5; i++) {
            int k = i;
            tx.execute(s -> trail.record(AuditEvent.insert(actor, "mesems", k % 2 == 0 ? "stockholm" : "uppsala",
                    "subject", subject, "edss", Integer.toString(k))));
        }
        AuditPage all = trail.find(new AuditQuery(null, null, null, null, actor, null, null, 100, 0));
        assertThat(all.total()).isEqualTo(5);
        assertThat(all.entries()).extracting(AuditEntry::newValue).containsExactly("0", "1", "2", "3", "4");
        AuditPage stockholm = trail.find(new AuditQuery("mesems", "stockholm", null, null, actor, start, null, 100, 0));
        assertThat(stockholm.entries()).extracting(AuditEntry::newValue).containsExactly("0", "2", "4");
        AuditPage page = trail.find(new AuditQuery(null, null, "subject", subject, null, null, null, 2, 2));
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.entries()).extracting(AuditEntry::newValue).containsExactly("2", "3");
        Instant third = all.entries().get(2).recordedAt();
        AuditPage window = trail.find(new AuditQuery(null, null, null, null, actor, third, third.plusNanos(1000), 100, 0));
        assertThat(window.entries()).extracting(AuditEntry::newValue).containsExactly("2");
    }
}
