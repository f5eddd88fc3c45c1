package org.harmonia.server.subjects;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.harmonia.server.locks.LockGuard;
import org.harmonia.server.security.SiteScope;
import org.harmonia.server.system.ConflictException;
import org.harmonia.trial.subject.SubjectStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Subjects in PostgreSQL: numbering per site, reads, and version-checked updates. */
@Repository
public class SubjectRepository {
    private static final TypeReference<Map<String, String>> TEXT_MAP = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public SubjectRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The next subject number at a site; the row lock serialises concurrent screenings at the same site. */
    public int nextNumber(String studyId, String siteId) {
        return jdbc.sql("""
                insert into subject_counter (study_id, site_id, last_number) values (?, ?, 1)
                on conflict (study_id, site_id) do update set last_number = subject_counter.last_number + 1
                returning last_number
                """).params(studyId, siteId).query(Integer.class).single();
    }

    public void insert(Subject s) {
        jdbc.sql("""
                insert into subject (study_id, id, site_id, sub_trial_id, protocol_version, status, screening_date,
                    planned_randomisation_date, screening_data, eligibility, eligibility_outcome, failed_criteria,
                    created_by, updated_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?, ?)
                """).params(s.studyId(), s.id(), s.siteId(), s.subTrialId(), s.protocolVersion(), s.status().name(),
                s.screeningDate(), s.plannedRandomisationDate(), json.writeValueAsString(s.screeningData()),
                json.writeValueAsString(s.eligibility()), s.eligibility().outcome(), s.failedCriteria().toArray(String[]::new),
                s.createdBy(), s.updatedBy()).update();
    }

    public Optional<Subject> find(String studyId, String subjectId) {
        return find(studyId, subjectId, SiteScope.ALL);
    }

    /** A subject if it is at one of the scope's sites: a subject elsewhere is not found, as if it did not exist. */
    public Optional<Subject> find(String studyId, String subjectId, SiteScope scope) {
        return jdbc.sql("select * from subject where study_id = ? and id = ? and (cast(? as text[]) is null or site_id = any(?))")
                .params(studyId, subjectId, scope.sqlSites(), scope.sqlSites()).query(this::map).optional();
    }

    /**
     * A subject about to receive data, read in the same round trip as the check of the locks and signatures covering
     * its casebook ({@link LockGuard}); not found, as above, outside the scope.
     */
    public Optional<SubjectForWrite> findForWrite(String studyId, String subjectId, SiteScope scope) {
        return jdbc.sql("select s.study_id, s.id, s.site_id, s.status, s.day_zero, " + LockGuard.CHECK_COLUMNS + """
                 from subject s cross join lateral data_write_check(s.study_id, s.id, null::bigint) c
                where s.study_id = ? and s.id = ? and (cast(? as text[]) is null or s.site_id = any(?))
                """).params(studyId, subjectId, scope.sqlSites(), scope.sqlSites())
                .query((rs, n) -> new SubjectForWrite(rs.getString("study_id"), rs.getString("id"), rs.getString("site_id"),
                        SubjectStatus.valueOf(rs.getString("status")), date(rs, "day_zero"), LockGuard.WriteCheck.of(rs)))
                .optional();
    }

    /** The same, locking the row until the end of the transaction so status changes never interleave. */
    public Optional<Subject> findForUpdate(String studyId, String subjectId, SiteScope scope) {
        return jdbc.sql("""
                select * from subject where study_id = ? and id = ? and (cast(? as text[]) is null or site_id = any(?))
                for update
                """).params(studyId, subjectId, scope.sqlSites(), scope.sqlSites()).query(this::map).optional();
    }

    public List<Subject> bySite(String studyId, String siteId, SiteScope scope) {
        return jdbc.sql("""
                select * from subject where study_id = ? and site_id = ? and (cast(? as text[]) is null or site_id = any(?))
                order by id
                """).params(studyId, siteId, scope.sqlSites(), scope.sqlSites()).query(this::map).list();
    }

    /** How many of a site's subjects are in each status, counted by the database rather than read and counted. */
    public Map<SubjectStatus, Long> countsBySite(String studyId, String siteId, SiteScope scope) {
        Map<SubjectStatus, Long> out = new EnumMap<>(SubjectStatus.class);
        jdbc.sql("""
                select status, count(*) as n from subject
                where study_id = ? and site_id = ? and (cast(? as text[]) is null or site_id = any(?))
                group by status
                """).params(studyId, siteId, scope.sqlSites(), scope.sqlSites())
                .query((rs, i) -> Map.entry(SubjectStatus.valueOf(rs.getString("status")), rs.getLong("n")))
                .list().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** A site's subjects in the given statuses only (a dashboard needs the few still in play, not the whole site). */
    public List<Subject> bySite(String studyId, String siteId, Set<SubjectStatus> statuses, SiteScope scope) {
        return jdbc.sql("""
                select * from subject where study_id = ? and site_id = ? and (cast(? as text[]) is null or site_id = any(?))
                and status = any(?)
                order by id
                """).params(studyId, siteId, scope.sqlSites(), scope.sqlSites(),
                        statuses.stream().map(Enum::name).toArray(String[]::new)).query(this::map).list();
    }

    /** Writes the new state if the stored version is still {@code expectedVersion}; otherwise a 409 with the current version. */
    public Subject update(Subject s, int expectedVersion) {
        int rows = jdbc.sql("""
                update subject set status = ?, planned_randomisation_date = ?, screening_data = cast(? as jsonb),
                    eligibility = cast(? as jsonb), eligibility_outcome = ?, failed_criteria = ?, consent_date = ?,
                    day_zero = ?, end_date = ?, end_reason = ?, version = version + 1, updated_at = now(), updated_by = ?
                where study_id = ? and id = ? and version = ?
                """).params(s.status().name(), s.plannedRandomisationDate(), json.writeValueAsString(s.screeningData()),
                json.writeValueAsString(s.eligibility()), s.eligibility().outcome(), s.failedCriteria().toArray(String[]::new),
                s.consentDate(), s.dayZero(), s.endDate(), s.endReason(), s.updatedBy(), s.studyId(), s.id(), expectedVersion)
                .update();
        if (rows == 0) {
            int current = find(s.studyId(), s.id()).map(Subject::version).orElse(0);
            throw new ConflictException("subject " + s.id() + " was changed by someone else (version " + current
                    + ", not " + expectedVersion + "); reload it and apply your change again", current);
        }
        return find(s.studyId(), s.id()).orElseThrow();
    }

    /** Flags a subject whose allocation an investigator revealed in an emergency (the flag says nothing of the arm). */
    public void markEmergencyUnblinded(String studyId, String subjectId) {
        jdbc.sql("update subject set emergency_unblinded = true, updated_at = now() where study_id = ? and id = ?")
                .params(studyId, subjectId).update();
    }

    private Subject map(ResultSet rs, int n) throws SQLException {
        Array failed = rs.getArray("failed_criteria");
        return new Subject(rs.getString("study_id"), rs.getString("id"), rs.getString("site_id"), rs.getString("sub_trial_id"),
                rs.getString("protocol_version"), SubjectStatus.valueOf(rs.getString("status")),
                date(rs, "screening_date"), date(rs, "planned_randomisation_date"),
                json.readValue(rs.getString("screening_data"), TEXT_MAP),
                json.readValue(rs.getString("eligibility"), EligibilityResult.class),
                failed == null ? List.of() : Arrays.asList((String[]) failed.getArray()),
                date(rs, "consent_date"), date(rs, "day_zero"), date(rs, "end_date"), rs.getString("end_reason"),
                rs.getBoolean("emergency_unblinded"), rs.getInt("version"), instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "updated_at"),
                rs.getString("updated_by"));
    }

    static LocalDate date(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalDate.class);
    }

    static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
