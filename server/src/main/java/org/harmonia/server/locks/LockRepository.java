package org.harmonia.server.locks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.harmonia.server.security.SiteScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Locks and database-lock snapshots in PostgreSQL; a lock is lifted by filling its unlock columns, never deleted. */
@Repository
public class LockRepository {
    private final JdbcClient jdbc;

    public LockRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the study's lock key exclusively until the transaction ends: writes in flight (which hold it shared, see
     * {@link LockGuard}) finish first, and new ones wait, so the snapshot below sees every committed change and no
     * change slips in between.
     */
    public void excludeWriters(String studyId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('harmonia.data_lock:' || ?, 0))").param(studyId)
                .query((rs, n) -> 1).single();
    }

    public long insert(String studyId, LockScope scope, String subjectId, String siteId, Long formRecordId, String name,
                       String reason, String protocolVersion, String actor) {
        return jdbc.sql("""
                insert into data_lock (study_id, scope, subject_id, site_id, form_record_id, name, reason, locked_by, protocol_version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id
                """).params(studyId, scope.name(), subjectId, siteId, formRecordId, name, reason, actor, protocolVersion)
                .query(Long.class).single();
    }

    /** Copies what the analysis reads into the lock's snapshot, in the locking transaction. */
    public void copySnapshot(long lockId, String studyId) {
        jdbc.sql("""
                insert into lock_snapshot_subject (lock_id, id, site_id, sub_trial_id, status, screening_date, screening_data,
                    failed_criteria, end_reason, day_zero)
                select ?, id, site_id, sub_trial_id, status, screening_date, screening_data, failed_criteria, end_reason, day_zero
                from subject where study_id = ?
                """).params(lockId, studyId).update();
        jdbc.sql("""
                insert into lock_snapshot_form_record (lock_id, form_record_id, subject_id, visit_id, form_id, data)
                select ?, id, subject_id, visit_id, form_id, data from form_record where study_id = ? and not voided
                """).params(lockId, studyId).update();
        jdbc.sql("""
                insert into lock_snapshot_allocation (lock_id, subject_id, sequence_id)
                select ?, subject_id, sequence_id from allocation where study_id = ?
                """).params(lockId, studyId).update();
        jdbc.sql("""
                insert into lock_snapshot_cutoff (lock_id, analysis_cutoff, analysis_cutoff_set_by, analysis_cutoff_set_at,
                    analysis_cutoff_reason)
                select ?, analysis_cutoff, analysis_cutoff_set_by, analysis_cutoff_set_at, analysis_cutoff_reason
                from study where id = ?
                """).params(lockId, studyId).update();
    }

    /** How much the snapshot holds: subjects and form records. */
    public int[] snapshotSize(long lockId) {
        int subjects = jdbc.sql("select count(*) from lock_snapshot_subject where lock_id = ?").param(lockId).query(Integer.class).single();
        int records = jdbc.sql("select count(*) from lock_snapshot_form_record where lock_id = ?").param(lockId).query(Integer.class).single();
        return new int[] {subjects, records};
    }

    public int unlock(long id, int expectedVersion, String reason, String actor) {
        return jdbc.sql("""
                update data_lock set unlocked_at = now(), unlocked_by = ?, unlock_reason = ?, version = version + 1
                where id = ? and version = ? and unlocked_at is null
                """).params(actor, reason, id, expectedVersion).update();
    }

    public Optional<DataLock> find(long id) {
        return jdbc.sql("select * from data_lock where id = ?").param(id).query(LockRepository::map).optional();
    }

    public Optional<DataLock> findForUpdate(String studyId, long id) {
        return jdbc.sql("select * from data_lock where study_id = ? and id = ? for update").params(studyId, id)
                .query(LockRepository::map).optional();
    }

    /** The study's locks a scope may see: database locks, and the others at the scope's sites; newest first. */
    public List<DataLock> list(String studyId, SiteScope scope, boolean activeOnly) {
        return jdbc.sql("""
                select * from data_lock where study_id = ? and (? = false or unlocked_at is null)
                  and (scope = 'STUDY' or cast(? as text[]) is null or site_id = any(?))
                order by id desc
                """).params(studyId, activeOnly, scope.sqlSites(), scope.sqlSites()).query(LockRepository::map).list();
    }

    public Optional<DataLock> covering(String studyId, String subjectId, Long formRecordId) {
        return jdbc.sql("""
                select * from data_lock
                where study_id = ? and unlocked_at is null
                  and (scope = 'STUDY' or (scope = 'SUBJECT' and subject_id = ?) or (scope = 'FORM_RECORD' and form_record_id = ?))
                order by case scope when 'STUDY' then 0 when 'SUBJECT' then 1 else 2 end, id
                limit 1
                """).params(studyId, subjectId, formRecordId).query(LockRepository::map).optional();
    }

    /** The subject and site of a live form record of the study, if there is one. */
    public Optional<String[]> recordOwner(String studyId, long formRecordId) {
        return jdbc.sql("""
                select f.subject_id, s.site_id, f.voided from form_record f
                join subject s on s.study_id = f.study_id and s.id = f.subject_id
                where f.study_id = ? and f.id = ?
                """).params(studyId, formRecordId)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), Boolean.toString(rs.getBoolean(3))}).optional();
    }

    public Optional<String> subjectSite(String studyId, String subjectId) {
        return jdbc.sql("select site_id from subject where study_id = ? and id = ?").params(studyId, subjectId)
                .query(String.class).optional();
    }

    public Optional<String> currentProtocolVersion(String studyId) {
        return jdbc.sql("select current_version from study where id = ?").param(studyId).query(String.class).optional();
    }

    static DataLock map(ResultSet rs, int n) throws SQLException {
        Instant unlocked = instant(rs, "unlocked_at");
        return new DataLock(rs.getLong("id"), rs.getString("study_id"), LockScope.valueOf(rs.getString("scope")),
                rs.getString("subject_id"), rs.getString("site_id"), rs.getObject("form_record_id", Long.class), rs.getString("name"),
                rs.getString("reason"), instant(rs, "locked_at"), rs.getString("locked_by"), rs.getString("protocol_version"),
                unlocked, rs.getString("unlocked_by"), rs.getString("unlock_reason"), rs.getInt("version"), unlocked == null);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
