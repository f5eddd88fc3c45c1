package org.harmonia.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification of the row-by-row chain of rows written before seals existed, against a trail that is edited, cut and
 * rewritten behind the server's back (sealed rows: {@link AuditSealTest}).
 */
class AuditChainVerifierTest {
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
    void anEmptyTrailIsIntact() {
        ChainVerification v = verifier.verify();
        assertThat(v.intact()).isTrue();
        assertThat(v.rowsChecked()).isZero();
        assertThat(v.head()).isNull();
        assertThat(v.summary()).isEqualTo("audit chain intact: 0 rows in 0 seals");
    }

    @Test
    void anUntouchedTrailIsIntactAndNamesItsHead() {
        db.appendChainedRowByRow(5);
        String lastHash = db.jdbc.sql("select hash from audit_log where seq = 5").query(String.class).single();
        ChainVerification v = verifier.verify();
        assertThat(v).isEqualTo(new ChainVerification(true, 5, 0, 0, null, null, "5:" + lastHash));
        assertThat(v.summary()).isEqualTo("audit chain intact: 5 rows in 0 seals");
    }

    @Test
    void namesTheRowWhoseValueWasEditedInSql() {
        db.appendChainedRowByRow(5);
        db.tamper("update audit_log set new_value = '2.5' where seq = 3");
        ChainVerification v = verifier.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.brokenAt()).isEqualTo("row 3");
        assertThat(v.problem()).isEqualTo("content changed (hash mismatch)");
        assertThat(v.summary()).isEqualTo("audit chain broken at row 3: content changed (hash mismatch)");
    }

    @Test
    void noticesAnEditedTimestampAndActor() {
        db.appendChainedRowByRow(3);
        db.tamper("update audit_log set recorded_at = recorded_at + interval '1 microsecond' where seq = 2");
        assertThat(verifier.verify().brokenAt()).isEqualTo("row 2");
        db.clear();
        db.appendChainedRowByRow(3);
        db.tamper("update audit_log set actor = 'someone.else' where seq = 1");
        assertThat(verifier.verify().brokenAt()).isEqualTo("row 1");
    }

    @Test
    void tellsANullValueFromAnEmptyOne() {
        db.appendChainedRowByRow(2);
        db.tamper("update audit_log set reason = '' where seq = 2");
        assertThat(verifier.verify().problem()).isEqualTo("content changed (hash mismatch)");
    }

    @Test
    void namesTheRowAfterADeletedOne() {
        db.appendChainedRowByRow(5);
        db.tamper("delete from audit_log where seq = 3");
        ChainVerification v = verifier.verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.brokenAt()).isEqualTo("row 4");
        assertThat(v.problem()).isEqualTo("row 3 is missing (seq gap: rows deleted)");
        assertThat(v.rowsChecked()).isEqualTo(3);
    }

    @Test
    void noticesADeletedRowEvenWhenTheLaterRowsAreRenumbered() {
        db.appendChainedRowByRow(5);
        db.tamper("delete from audit_log where seq = 3", "update audit_log set seq = seq - 1 where seq > 3");
        ChainVerification v = verifier.verify();
        assertThat(v.brokenAt()).isEqualTo("row 3");
        assertThat(v.problem()).startsWith("prev_hash does not match the hash of row 2");
    }

    @Test
    void aRowRewrittenWithAFreshHashBreaksTheLinkToTheNextRow() {
        db.appendChainedRowByRow(5);
        db.tamper("update audit_log set new_value = '9' where seq = 2",
                "update audit_log a set hash = audit_row_hash(a) where seq = 2");
        ChainVerification v = verifier.verify();
        assertThat(v.brokenAt()).isEqualTo("row 3");
        assertThat(v.problem()).isEqualTo("prev_hash does not match the hash of row 2 "
                + "(that row was rewritten, or rows were deleted or inserted here)");
    }

    @Test
    void aWholeChainRewrittenFromARowOnIsCaughtOnlyByAnAnchorKeptElsewhere() {
        db.appendChainedRowByRow(4);
        ChainAnchor anchor = anchorOfHead();
        db.tamper("update audit_log set new_value = 'forged' where seq = 2");
        for (int seq = 2; seq <= 4; seq++) {
            db.tamper("update audit_log a set prev_hash = (select hash from audit_log p where p.seq = a.seq - 1) where seq = " + seq,
                    "update audit_log a set hash = audit_row_hash(a) where seq = " + seq);
        }
        assertThat(verifier.verify().intact()).as("a consistent forgery passes the chain check alone").isTrue();
        ChainVerification v = verifier.verify(anchor);
        assertThat(v.intact()).isFalse();
        assertThat(v.brokenAt()).isEqualTo("row 4");
        assertThat(v.problem()).startsWith("hash differs from the anchor");
    }

    @Test
    void rowsCutFromTheEndAreCaughtByTheAnchor() {
        db.appendChainedRowByRow(4);
        ChainAnchor anchor = anchorOfHead();
        assertThat(verifier.verify(anchor).intact()).isTrue();
        db.tamper("delete from audit_log where seq = 4");
        assertThat(verifier.verify().intact()).isTrue();
        ChainVerification v = verifier.verify(anchor);
        assertThat(v.brokenAt()).isEqualTo("row 4");
        assertThat(v.problem()).isEqualTo("the anchored row is missing; the chain ends at row 3 (rows deleted from the end)");
    }

    @Test
    void aRowSlippedIntoTheMiddleIsCaught() {
        db.appendChainedRowByRow(4);
        db.tamper("update audit_log set seq = seq + 100 where seq >= 3",
                "update audit_log set seq = seq - 99 where seq >= 100",
                // prev_hash is unique: the displaced row lets go of its predecessor, then is re-linked to the forged row
                "update audit_log set prev_hash = repeat('0', 64) where seq = 4",
                "insert into audit_log select 3, recorded_at, actor, action, study_id, site_id, entity_type, entity_id,"
                        + " field, old_value, 'forged', reason, hash, hash from audit_log where seq = 2",
                "update audit_log a set hash = audit_row_hash(a) where seq = 3",
                "update audit_log set prev_hash = (select hash from audit_log where seq = 3) where seq = 4");
        ChainVerification v = verifier.verify();
        assertThat(v.brokenAt()).isEqualTo("row 4");
        assertThat(v.problem()).isEqualTo("content changed (hash mismatch)");
    }

    @Test
    void theDatabaseHashesTheDocumentedExampleAsTheServerDoes() {
        String hash = db.jdbc.sql("""
                select audit_row_hash(row(1, '2025-03-04 11:15:30.123456+01', 'coord.berg', 'INSERT', 'mesems', 'stockholm',
                    'visit', 'V-1', 'edss', null, '3.5', null, null, null, null)::audit_log)
                """).query(String.class).single();
        assertThat(hash).isEqualTo(AuditHash.of(AuditHashTest.FIRST));
    }

    @Test
    void theSqlCheckOfTheDocsFindsTheSameRows() {
        db.appendChainedRowByRow(6);
        db.tamper("update audit_log set old_value = 'x' where seq = 2", "delete from audit_log where seq = 5");
        List<Long> flagged = db.jdbc.sql(SQL_CHECK_OF_THE_DOCS).query(Long.class).list();
        assertThat(flagged).containsExactly(2L, 6L);
        assertThat(verifier.verify().brokenAt()).isEqualTo("row " + flagged.get(0));
    }

    /** Copied from docs/audit.md, "Checking in SQL". */
    private static final String SQL_CHECK_OF_THE_DOCS = """
            select seq from (
                select seq, hash = audit_row_hash(a) as content_ok,
                       prev_hash is not distinct from lag(hash) over (order by seq) as link_ok,
                       seq = row_number() over (order by seq) as no_gap
                from audit_log a where xid is null
            ) c where not (content_ok and link_ok and no_gap) order by seq
            """;

    private ChainAnchor anchorOfHead() {
        ChainVerification v = verifier.verify();
        return ChainAnchor.parse(v.head());
    }
}
