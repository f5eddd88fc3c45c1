package org.harmonia.server.queries;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.security.SiteScope;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.server.visits.FormRecord;
import org.harmonia.server.visits.FormService;
import org.harmonia.trial.protocol.Protocol;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Data queries: raised by the central data manager on a field, answered by the site, closed by the data manager. */
@Service
public class QueryService {
    static final String ENTITY = "data_query";

    private final JdbcClient jdbc;
    private final ProtocolCatalog catalog;
    private final FormService forms;
    private final AuditTrail audit;

    public QueryService(JdbcClient jdbc, ProtocolCatalog catalog, FormService forms, AuditTrail audit) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.forms = forms;
        this.audit = audit;
    }

    @Transactional
    public DataQuery raise(String studyId, QueryRequests.Raise request, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        caller.require(studyId, Permission.RAISE_AND_CLOSE_QUERIES);
        String actor = caller.username();
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.formRecordId() == null) {
            errors.add(new FieldError("formRecordId", "is required"));
        }
        if (request == null || request.field() == null || request.field().isBlank()) {
            errors.add(new FieldError("field", "is required"));
        }
        if (request == null || request.question() == null || request.question().isBlank()) {
            errors.add(new FieldError("question", "is required"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        FormRecord record = forms.get(studyId, request.formRecordId(), Caller.SYSTEM);
        var form = protocol.form(record.formId()).orElseThrow();
        if (form.field(request.field()).isEmpty()) {
            throw new InvalidInputException("field", "form " + record.formId() + " has no field \"" + request.field() + "\"");
        }
        if (record.voided()) {
            throw new ConflictException("form record " + record.id() + " is voided; queries are raised on live data");
        }
        long id = jdbc.sql("""
                insert into data_query (study_id, subject_id, site_id, form_record_id, field, question, status, raised_by)
                values (?, ?, ?, ?, ?, ?, 'OPEN', ?) returning id
                """).params(studyId, record.subjectId(), record.siteId(), record.id(), request.field(), request.question(), actor)
                .query(Long.class).single();
        audit.recordChanges(actor, studyId, record.siteId(), ENTITY, Long.toString(id), null,
                java.util.Map.of("form_record", record.id(), "field", request.field(), "question", request.question(),
                        "status", "OPEN"), null);
        return find(studyId, id, Caller.SYSTEM);
    }

    @Transactional
    public DataQuery answer(String studyId, long queryId, QueryRequests.Answer request, Caller caller) {
        DataQuery q = lock(studyId, queryId, caller.scope(studyId, Permission.ANSWER_QUERIES));
        String actor = caller.username();
        if (request == null || request.answer() == null || request.answer().isBlank()) {
            throw new InvalidInputException("answer", "is required");
        }
        checkVersion(q, request.version());
        if (q.status() != QueryStatus.OPEN) {
            throw new ConflictException("query " + queryId + " is " + q.status().name().toLowerCase() + "; only an open query can be answered");
        }
        jdbc.sql("""
                update data_query set status = 'ANSWERED', answer = ?, answered_at = now(), answered_by = ?, version = version + 1
                where id = ?
                """).params(request.answer(), actor, queryId).update();
        audit.recordChanges(actor, studyId, q.siteId(), ENTITY, Long.toString(queryId),
                java.util.Map.of("status", "OPEN"), java.util.Map.of("status", "ANSWERED", "answer", request.answer()), "answer");
        return find(studyId, queryId, Caller.SYSTEM);
    }

    @Transactional
    public DataQuery close(String studyId, long queryId, QueryRequests.Close request, Caller caller) {
        DataQuery q = lock(studyId, queryId, caller.scope(studyId, Permission.RAISE_AND_CLOSE_QUERIES));
        String actor = caller.username();
        checkVersion(q, request == null ? null : request.version());
        if (q.status() == QueryStatus.CLOSED) {
            throw new ConflictException("query " + queryId + " is already closed");
        }
        String note = request.note();
        jdbc.sql("""
                update data_query set status = 'CLOSED', closed_at = now(), closed_by = ?, close_note = ?, version = version + 1
                where id = ?
                """).params(actor, note, queryId).update();
        var after = new java.util.LinkedHashMap<String, Object>();
        after.put("status", "CLOSED");
        after.put("close_note", note);
        audit.recordChanges(actor, studyId, q.siteId(), ENTITY, Long.toString(queryId), java.util.Map.of("status", q.status().name()),
                after, note == null || note.isBlank() ? "closed" : note);
        return find(studyId, queryId, Caller.SYSTEM);
    }

    /** The queries of a site; {@code status} null means every query not yet closed. */
    public List<DataQuery> bySite(String studyId, String siteId, QueryStatus status, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        if (protocol.subTrialOfSite(siteId).isEmpty() || !caller.scope(studyId, Permission.READ_QUERIES).contains(siteId)) {
            throw new NotFoundException("no site \"" + siteId + "\" in study " + studyId);
        }
        return jdbc.sql("""
                select * from data_query where study_id = ? and site_id = ?
                  and ((cast(? as text) is null and status <> 'CLOSED') or status = cast(? as text))
                order by raised_at, id
                """).params(studyId, siteId, status == null ? null : status.name(), status == null ? null : status.name())
                .query(QueryService::map).list();
    }

    public DataQuery find(String studyId, long queryId, Caller caller) {
        catalog.require(studyId);
        SiteScope scope = caller.scope(studyId, Permission.READ_QUERIES);
        return jdbc.sql("select * from data_query where study_id = ? and id = ? and (cast(? as text[]) is null or site_id = any(?))")
                .params(studyId, queryId, scope.sqlSites(), scope.sqlSites())
                .query(QueryService::map).optional()
                .orElseThrow(() -> new NotFoundException("no query " + queryId + " in study " + studyId));
    }

    private DataQuery lock(String studyId, long queryId, SiteScope scope) {
        catalog.require(studyId);
        return jdbc.sql("""
                select * from data_query where study_id = ? and id = ? and (cast(? as text[]) is null or site_id = any(?))
                for update
                """).params(studyId, queryId, scope.sqlSites(), scope.sqlSites())
                .query(QueryService::map).optional()
                .orElseThrow(() -> new NotFoundException("no query " + queryId + " in study " + studyId));
    }

    private static void checkVersion(DataQuery q, Integer version) {
        if (version == null) {
            throw new InvalidInputException("version", "is required: the version of the query you read");
        }
        if (version != q.version()) {
            throw new ConflictException("query " + q.id() + " was changed by someone else (version " + q.version()
                    + ", not " + version + ")", q.version());
        }
    }

    private static DataQuery map(ResultSet rs, int n) throws SQLException {
        return new DataQuery(rs.getLong("id"), rs.getString("study_id"), rs.getString("subject_id"), rs.getString("site_id"),
                rs.getLong("form_record_id"), rs.getString("field"), rs.getString("question"),
                QueryStatus.valueOf(rs.getString("status")), instant(rs, "raised_at"), rs.getString("raised_by"),
                rs.getString("answer"), instant(rs, "answered_at"), rs.getString("answered_by"), instant(rs, "closed_at"),
                rs.getString("closed_by"), rs.getString("close_note"), rs.getInt("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
