package org.harmonia.server.visits;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.harmonia.server.security.SiteScope;
import org.harmonia.server.system.ConflictException;
import org.harmonia.trial.forms.FieldIssue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** eCRF records and visit records in PostgreSQL, with version-checked updates and voiding instead of deletes. */
@Repository
public class FormRecordRepository {
    private static final TypeReference<Map<String, String>> TEXT_MAP = new TypeReference<>() { };
    private static final TypeReference<List<FieldIssue>> ISSUES = new TypeReference<>() { };
    private static final String SELECT = """
            select f.*, s.site_id from form_record f join subject s on s.study_id = f.study_id and s.id = f.subject_id
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public FormRecordRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Stores a new record and returns it as stored (id, version, times), without reading it back. */
    public FormRecord insert(String studyId, String subjectId, String siteId, String visitId, String formId, boolean repeating,
                             Map<String, String> values, List<FieldIssue> warnings, String actor) {
        return jdbc.sql("""
                insert into form_record (study_id, subject_id, visit_id, form_id, repeating, data, warnings, created_by, updated_by)
                values (?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?) returning *, cast(? as text) as site_id
                """).params(studyId, subjectId, visitId, formId, repeating, json.writeValueAsString(values),
                json.writeValueAsString(warnings), actor, actor, siteId).query(this::map).single();
    }

    public void update(FormRecord r, Map<String, String> values, List<FieldIssue> warnings, int expectedVersion, String actor) {
        int rows = jdbc.sql("""
                update form_record set data = cast(? as jsonb), warnings = cast(? as jsonb), version = version + 1,
                    updated_at = now(), updated_by = ?
                where id = ? and version = ? and not voided
                """).params(json.writeValueAsString(values), json.writeValueAsString(warnings), actor, r.id(), expectedVersion)
                .update();
        if (rows == 0) {
            throw stale(r.id(), expectedVersion);
        }
    }

    public void markVoided(long id, int expectedVersion, String reason, String actor) {
        int rows = jdbc.sql("""
                update form_record set voided = true, void_reason = ?, voided_at = now(), voided_by = ?,
                    version = version + 1, updated_at = now(), updated_by = ?
                where id = ? and version = ? and not voided
                """).params(reason, actor, actor, id, expectedVersion).update();
        if (rows == 0) {
            throw stale(id, expectedVersion);
        }
    }

    private ConflictException stale(long id, int expectedVersion) {
        FormRecord current = find(id).orElseThrow();
        if (current.voided()) {
            return new ConflictException("form record " + id + " is voided and can no longer change", current.version());
        }
        return new ConflictException("form record " + id + " was changed by someone else (version " + current.version()
                + ", not " + expectedVersion + "); reload it and apply your change again", current.version());
    }

    public Optional<FormRecord> find(long id) {
        return find(id, SiteScope.ALL);
    }

    /** A record if its subject is at one of the scope's sites; otherwise not found. */
    public Optional<FormRecord> find(long id, SiteScope scope) {
        return jdbc.sql(SELECT + " where f.id = ? and (cast(? as text[]) is null or s.site_id = any(?))")
                .params(id, scope.sqlSites(), scope.sqlSites()).query(this::map).optional();
    }

    public Optional<FormRecord> findForUpdate(long id, SiteScope scope) {
        return jdbc.sql(SELECT + " where f.id = ? and (cast(? as text[]) is null or s.site_id = any(?)) for update of f")
                .params(id, scope.sqlSites(), scope.sqlSites()).query(this::map).optional();
    }

    /** The live record of a non-repeating form at a visit, if saved. */
    public Optional<FormRecord> findAtVisit(String studyId, String subjectId, String visitId, String formId) {
        return jdbc.sql(SELECT + " where f.study_id = ? and f.subject_id = ? and f.visit_id = ? and f.form_id = ? and not f.voided")
                .params(studyId, subjectId, visitId, formId).query(this::map).optional();
    }

    public List<FormRecord> bySubject(String studyId, String subjectId, boolean includeVoided) {
        return jdbc.sql(SELECT + " where f.study_id = ? and f.subject_id = ? and (? or not f.voided) order by f.id")
                .params(studyId, subjectId, includeVoided).query(this::map).list();
    }

    public Optional<VisitRecord> visit(String studyId, String subjectId, String visitId) {
        return jdbc.sql("select * from visit_record where study_id = ? and subject_id = ? and visit_id = ?")
                .params(studyId, subjectId, visitId).query(FormRecordRepository::visitRecord).optional();
    }

    public List<VisitRecord> visits(String studyId, String subjectId) {
        return jdbc.sql("select * from visit_record where study_id = ? and subject_id = ?")
                .params(studyId, subjectId).query(FormRecordRepository::visitRecord).list();
    }

    public void insertVisit(String studyId, String subjectId, VisitRecord v, String actor) {
        jdbc.sql("""
                insert into visit_record (study_id, subject_id, visit_id, status, visit_date, out_of_window, note, created_by, updated_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).params(studyId, subjectId, v.visitId(), v.status(), v.visitDate(), v.outOfWindow(), v.note(), actor, actor)
                .update();
    }

    public void updateVisit(String studyId, String subjectId, VisitRecord v, int expectedVersion, String actor) {
        int rows = jdbc.sql("""
                update visit_record set status = ?, visit_date = ?, out_of_window = ?, note = ?, version = version + 1,
                    updated_at = now(), updated_by = ?
                where study_id = ? and subject_id = ? and visit_id = ? and version = ?
                """).params(v.status(), v.visitDate(), v.outOfWindow(), v.note(), actor, studyId, subjectId, v.visitId(),
                expectedVersion).update();
        if (rows == 0) {
            int current = visit(studyId, subjectId, v.visitId()).map(VisitRecord::version).orElse(0);
            throw new ConflictException("visit " + v.visitId() + " of " + subjectId + " was changed by someone else (version "
                    + current + ", not " + expectedVersion + ")", current);
        }
    }

    private static VisitRecord visitRecord(ResultSet rs, int n) throws SQLException {
        return new VisitRecord(rs.getString("visit_id"), rs.getString("status"), rs.getObject("visit_date", java.time.LocalDate.class),
                rs.getBoolean("out_of_window"), rs.getString("note"), rs.getInt("version"));
    }

    private FormRecord map(ResultSet rs, int n) throws SQLException {
        return new FormRecord(rs.getLong("id"), rs.getString("study_id"), rs.getString("subject_id"), rs.getString("site_id"),
                rs.getString("visit_id"), rs.getString("form_id"), rs.getBoolean("repeating"),
                json.readValue(rs.getString("data"), TEXT_MAP), json.readValue(rs.getString("warnings"), ISSUES),
                rs.getInt("version"), rs.getBoolean("voided"), rs.getString("void_reason"), instant(rs, "created_at"),
                rs.getString("created_by"), instant(rs, "updated_at"), rs.getString("updated_by"));
    }

    private static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
