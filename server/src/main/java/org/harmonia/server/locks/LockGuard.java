package org.harmonia.server.locks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The check every write to trial data makes before it changes anything: one call of the database function
 * {@code data_write_check} (migration V19), which answers in one round trip whether a live lock covers the study, the
 * subject's casebook or the form record, and whether the subject has a signature a change would break. The second
 * answer is kept for the rest of the transaction, so that the signatures need no query of their own for a subject
 * with nothing signed. The function also orders writes against a database lock being taken (see the migration).
 */
@Component
public class LockGuard {
    /** The transaction resource holding "study/subject" keys known to have no unbroken signature. */
    private static final Object UNSIGNED = new Object();

    /** The columns a query selects from {@code data_write_check(...) c} for {@link WriteCheck#of}. */
    public static final String CHECK_COLUMNS = "c.lock_id as write_check_lock_id, c.signed as write_check_signed";

    private final JdbcClient jdbc;
    private final LockRepository locks;

    public LockGuard(JdbcClient jdbc, LockRepository locks) {
        this.jdbc = jdbc;
        this.locks = locks;
    }

    /**
     * Refuses with {@link LockedException} (409) if a live lock covers the data; {@code what} names the data in the
     * message ("form record 12", "subject MES-07-001"). {@code subjectId} and {@code formRecordId} may be null (a new
     * subject, a new record). Must run inside the writing transaction.
     */
    public void refuseIfLocked(String studyId, String subjectId, Long formRecordId, String what) {
        WriteCheck check = jdbc.sql("select " + CHECK_COLUMNS + " from data_write_check(?, ?, ?) c")
                .params(studyId, subjectId, formRecordId).query((rs, n) -> WriteCheck.of(rs)).single();
        refuseIfLocked(check, studyId, subjectId, what);
    }

    /**
     * The same with the answer of a {@code data_write_check} the caller's own query joined ({@link #CHECK_COLUMNS}),
     * such as the read of the subject a new record is written for: one round trip for both.
     */
    public void refuseIfLocked(WriteCheck check, String studyId, String subjectId, String what) {
        if (check.lockId() != null) {
            DataLock lock = locks.find(check.lockId()).orElseThrow();
            throw new LockedException(lock.scope() == LockScope.STUDY ? "study " + studyId : what, lock);
        }
        if (subjectId != null && !check.signed() && TransactionSynchronizationManager.isSynchronizationActive()) {
            unsignedKeys().add(key(studyId, subjectId));
        }
    }

    /**
     * Whether this transaction's lock check found that the subject has no signature a change could break; false when
     * it did not ask, so the caller asks the database itself.
     */
    public static boolean knownUnsigned(String studyId, String subjectId) {
        @SuppressWarnings("unchecked")
        Set<String> keys = (Set<String>) TransactionSynchronizationManager.getResource(UNSIGNED);
        return keys != null && keys.contains(key(studyId, subjectId));
    }

    /** The live lock that covers the data, for a page to say so before anyone types; no ordering against lockers. */
    public Optional<DataLock> covering(String studyId, String subjectId, Long formRecordId) {
        return locks.covering(studyId, subjectId, formRecordId);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> unsignedKeys() {
        Set<String> keys = (Set<String>) TransactionSynchronizationManager.getResource(UNSIGNED);
        if (keys == null) {
            keys = new HashSet<>();
            TransactionSynchronizationManager.bindResource(UNSIGNED, keys);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(UNSIGNED);
                }
            });
        }
        return keys;
    }

    private static String key(String studyId, String subjectId) {
        return studyId + "\u0000" + subjectId;
    }

    /** What {@code data_write_check} answered: the live lock that covers the data (null for none), and whether the subject has an unbroken signature. */
    public record WriteCheck(Long lockId, boolean signed) {
        public static WriteCheck of(ResultSet rs) throws SQLException {
            return new WriteCheck(rs.getObject("write_check_lock_id", Long.class), rs.getBoolean("write_check_signed"));
        }
    }
}
