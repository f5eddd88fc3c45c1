package org.harmonia.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sealing committed rows into the chain, and verification of the seals against a trail edited, cut and rewritten
 * behind the server's back.
 */
class AuditSealTest {
    @TempDir
    static Path dir;

    static TrailDatabase db;
    AuditChainVerifier verifier;

    @BeforeAll
    static void startDatabase() {
        db = TrailDatabase.start(dir.resolve("db"));
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void emptyTrail() {
        db.clear();
        verifier = new AuditChainVerifier(db.dataSource);
    }

    @Test
    void rowsArePendingUntilSealedThenIntactUnderTheSealsHead() {
        db.append(3);
        ChainVerification before = verifier.verify();
        assertThat(before.intact()).isTrue();
        assertThat(before.pendingRows()).isEqualTo(3);
        assertThat(before.head()).isNull();
        assertThat(before.summary()).isEqualTo("audit chain intact: 0 rows in 0 seals; 3 rows committed since the last seal,"
                + " chained by the next");

        AuditSealer.Seal seal = db.seal();
        assertThat(seal.position()).isEqualTo(1);
        assertThat(seal.rowCount()).isEqualTo(3);
        assertThat(seal.prevHash()).isNull();
        ChainVerification after = verifier.verify();
        assertThat(after).isEqualTo(new ChainVerification(true, 3, 1, 0, null, null, "seal-1:" + seal.hash()));
        assertThat(db.seal()).as("nothing new to seal").isNull();

        db.append(2);
        AuditSealer.Seal second = db.seal();
        assertThat(second.position()).isEqualTo(2);
        assertThat(second.prevHash()).isEqualTo(seal.hash());
        assertThat(second.xidFrom()).isEqualTo(seal.xidTo());
        assertThat(verifier.verify(seal.anchor()).intact()).isTrue();
        assertThat(verifier.verify(second.anchor()).summary()).isEqualTo("audit chain intact: 5 rows in 2 seals");
    }

    @Test
    void aTransactionStillRunningHoldsBackTheRowsOfLaterOnesUntilItEnds() throws Exception {
        db.append(1);
        try (Connection open = db.dataSource.getConnection(); Statement st = open.createStatement()) {
            open.setAutoCommit(false);
            st.execute("insert into audit_log (actor, action, entity_type, entity_id) values ('slow.writer', 'INSERT', 'subject', 'S-slow')");
            db.append(2);
            AuditSealer.Seal first = db.seal();
            assertThat(first.rowCount()).as("only the row committed before the open transaction began").isEqualTo(1);
            assertThat(verifier.verify().pendingRows()).as("the two later rows wait; the open one is not visible").isEqualTo(2);
            open.commit();
        }
        AuditSealer.Seal second = db.seal();
        assertThat(second.rowCount()).isEqualTo(3);
        ChainVerification v = verifier.verify();
        assertThat(v.intact()).isTrue();
        assertThat(v.rowsChecked()).isEqualTo(4);
        assertThat(v.pendingRows()).isZero();
    }

    @Test
    void aRolledBackTransactionLeavesAHoleInTheNumbersButNotInTheChain() {
        db.append(1);
        try {
            db.inTransaction(() -> {
                db.trail.record(AuditEvent.insert("dm.rossi", "mesems", "stockholm", "subject", "S-x", "edss", "1"));
                throw new IllegalStateException("the change failed");
            });
        } catch (IllegalStateException expected) {
            // the change and its audit row are gone together
        }
        db.append(1);
        db.seal();
        assertThat(db.jdbc.sql("select array_agg(seq order by seq)::text from audit_log").query(String.class).single())
                .isEqualTo("{1,3}");
        assertThat(verifier.verify().intact()).isTrue();
    }

    @Test
    void anEditedSealedValueBreaksItsSeal() {
        db.append(4);
        db.seal();
        db.append(1);
        db.seal();
        db.tamper("update audit_log set new_value = '2.5' where seq = 3");
        ChainVerification v = verifier.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.brokenAt()).isEqualTo("seal 1");
        assertThat(v.problem()).isEqualTo("the rows of its range no longer hash to the seal (rows 1 to 4: one changed,"
                + " or was deleted and another inserted)");
        assertThat(v.head()).isNull();
    }

    @Test
    void anEditedTimestampActorOrReasonBreaksItsSeal() {
        for (String edit : new String[] {"recorded_at = recorded_at + interval '1 microsecond'", "actor = 'someone.else'",
                "reason = ''"}) {
            db.clear();
            db.append(2);
            db.seal();
            db.tamper("update audit_log set " + edit + " where seq = (select min(seq) from audit_log)");
            assertThat(verifier.verify().brokenAt()).as(edit).isEqualTo("seal 1");
        }
    }

    @Test
    void aDeletedSealedRowIsCountedMissing() {
        db.append(3);
        db.seal();
        db.tamper("delete from audit_log where seq = 2");
        ChainVerification v = verifier.verify();
        assertThat(v.brokenAt()).isEqualTo("seal 1");
        assertThat(v.problem()).isEqualTo("it sealed 3 rows but its range holds 2 (rows deleted or inserted)");
    }

    @Test
    void aRowSlippedIntoASealedRangeIsCaught() {
        db.append(2);
        db.seal();
        db.tamper("insert into audit_log (seq, recorded_at, actor, action, entity_type, entity_id, xid)"
                + " select 99, recorded_at, 'intruder', 'INSERT', 'subject', 'S-forged', xid from audit_log where seq = 1");
        assertThat(verifier.verify().problem()).isEqualTo("it sealed 2 rows but its range holds 3 (rows deleted or inserted)");
    }

    @Test
    void aRowReplacedByAnotherUnderAnotherNumberIsCaught() {
        db.append(2);
        db.seal();
        db.tamper("update audit_log set seq = 77 where seq = 2");
        assertThat(verifier.verify().problem()).isEqualTo("its rows run from 1 to 77, not from 1 to 2 as sealed (rows replaced)");
    }

    @Test
    void aSealRewrittenOverForgedRowsBreaksTheLinkToTheNextSeal() {
        db.append(2);
        AuditSealer.Seal first = db.seal();
        db.append(2);
        db.seal();
        db.tamper("update audit_log set new_value = 'forged' where seq = 1");
        AuditHash.SealDigest forged = new AuditHash.SealDigest(1, first.xidFrom(), first.xidTo(), null);
        db.jdbc.sql("select seq, recorded_at, actor, action, study_id, site_id, entity_type, entity_id, field, old_value,"
                        + " new_value, reason, prev_hash, hash, xid::text as xid_text from audit_log where seq <= 2 order by audit_log.xid, seq")
                .query((org.springframework.jdbc.core.RowCallbackHandler) rs ->
                        forged.add(AuditHash.rowDigest(AuditTrail.entry(rs, 0), rs.getString("xid_text"))));
        db.tamper("update audit_seal set hash = '" + forged.hash() + "' where position = 1");
        ChainVerification v = verifier.verify();
        assertThat(v.brokenAt()).isEqualTo("seal 2");
        assertThat(v.problem()).isEqualTo("prev_hash does not match the hash of seal 1 (that seal was rewritten)");
        assertThat(verifier.verify(first.anchor()).brokenAt()).isEqualTo("seal 1");
    }

    @Test
    void aDeletedSealIsMissingAndACutOffEndIsCaughtByTheAnchor() {
        db.append(1);
        db.seal();
        db.append(1);
        AuditSealer.Seal second = db.seal();
        db.append(1);
        AuditSealer.Seal third = db.seal();
        db.tamper("delete from audit_seal where position = 2");
        assertThat(verifier.verify().problem()).isEqualTo("seal 2 missing (seals deleted)");

        db.tamper("insert into audit_seal values (" + second.position() + ", now(), '" + second.xidFrom() + "', '"
                + second.xidTo() + "', " + second.rowCount() + ", " + second.firstSeq() + ", " + second.lastSeq() + ", '"
                + second.prevHash() + "', '" + second.hash() + "')", "delete from audit_seal where position = 3",
                "delete from audit_log where seq = " + third.firstSeq());
        assertThat(verifier.verify().intact()).as("a chain cut at its end looks whole by itself").isTrue();
        ChainVerification v = verifier.verify(third.anchor());
        assertThat(v.brokenAt()).isEqualTo("seal 3");
        assertThat(v.problem()).isEqualTo("the anchored seal is missing; the chain ends at seal 2 (seals deleted from the end)");
    }

    @Test
    void aSealWhoseRangeSkipsTransactionsIsCaught() {
        db.append(1);
        AuditSealer.Seal first = db.seal();
        db.append(1);
        db.seal();
        db.tamper("update audit_seal set xid_from = xid_from + 1 where position = 2");
        ChainVerification v = verifier.verify();
        assertThat(v.brokenAt()).isEqualTo("seal 2");
        assertThat(v.problem()).startsWith("its transaction range starts at ").endsWith("not where the previous one ended ("
                + first.xidTo() + "): rows in between are left out");
    }

    @Test
    void theSealsAndTheTrailRefuseChangesThroughTheServersOwnRights() {
        db.append(1);
        db.seal();
        for (String sql : new String[] {"update audit_seal set row_count = 2", "delete from audit_seal", "truncate audit_seal"}) {
            try (Connection c = db.dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute(sql);
                throw new AssertionError(sql + " was allowed");
            } catch (java.sql.SQLException refused) {
                assertThat(refused.getMessage()).as(sql).contains("audit_seal: rows are never");
            }
        }
    }

    @Test
    void theSqlCheckOfTheDocsFindsTheSameSeals() {
        for (int i = 0; i < 4; i++) {
            db.append(2);
            db.seal();
        }
        assertThat(db.jdbc.sql(SQL_CHECK_OF_THE_DOCS).query(Long.class).list()).isEmpty();
        db.tamper("delete from audit_log where seq = 3", "update audit_seal set xid_from = xid_from + 1 where position = 4");
        assertThat(db.jdbc.sql(SQL_CHECK_OF_THE_DOCS).query(Long.class).list()).containsExactly(2L, 4L);
        assertThat(verifier.verify().brokenAt()).isEqualTo("seal 2");
    }

    @Test
    void aCopyRestoredIntoAFreshClusterSealsItsNewRowsAfterTheCopiedOnes() throws Exception {
        // stamps far above what a fresh cluster hands out, as in a trail that has run for a while
        db.tamper("update audit_xid_offset set xid_offset = 1000000");
        db.append(3);
        db.seal();
        try (TrailDatabase copy = TrailDatabase.start(dir.resolve("copy"))) {
            copy.clear();
            for (String table : new String[] {"audit_log", "audit_seal"}) {
                String rows = db.jdbc.sql("select coalesce(json_agg(t), '[]')::text from " + table + " t").query(String.class).single();
                copy.tamper("insert into " + table + " select * from json_populate_recordset(null::" + table + ", '"
                        + rows.replace("'", "''") + "')");
            }
            copy.tamper("select setval('audit_log_seq', (select max(seq) from audit_log))");
            assertThat(new AuditChainVerifier(copy.dataSource).verify().intact()).as("the copy as restored").isTrue();
            long offset = copy.jdbc.sql("select audit_after_restore()").query(Long.class).single();
            assertThat(offset).isGreaterThan(999_000L);

            copy.append(2);
            AuditSealer.Seal next = copy.seal();
            assertThat(next).as("the new rows are sealed after the copied seal").isNotNull();
            assertThat(next.position()).isEqualTo(2);
            assertThat(next.rowCount()).isEqualTo(2);
            ChainVerification v = new AuditChainVerifier(copy.dataSource).verify();
            assertThat(v.intact()).as(v.summary()).isTrue();
            assertThat(v.rowsChecked()).isEqualTo(5);
        } finally {
            db.tamper("update audit_xid_offset set xid_offset = 0");
        }
    }

    /** Copied from docs/audit.md, "Checking in SQL". */
    private static final String SQL_CHECK_OF_THE_DOCS = """
            select position from (
                select s.position,
                       s.row_count = (select count(*) from audit_log a where a.xid >= s.xid_from and a.xid < s.xid_to) as count_ok,
                       s.xid_from = coalesce(lag(s.xid_to) over (order by s.position), 0) as range_ok,
                       s.prev_hash is not distinct from coalesce(lag(s.hash) over (order by s.position),
                           (select hash from audit_log where xid is null order by seq desc limit 1)) as link_ok,
                       s.position = row_number() over (order by s.position) as no_gap
                from audit_seal s
            ) c where not (count_ok and range_ok and link_ok and no_gap) order by position
            """;
}
