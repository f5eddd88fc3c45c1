package org.harmonia.server.queries;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/**
 * Data queries on a field of a saved form: raised by the central data manager or a monitor (or by an edit check of
 * the protocol), answered by the site, re-opened or closed by the data manager. Every step is a row of the query's
 * thread and an entry of the audit trail.
 */
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
        caller.require(studyId, Permission.RAISE_QUERIES);
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
        return insert(studyId, record, request.field(), request.question(), null, caller.username());
    }

    /**
     * A query raised by one of the protocol's edit checks on a live record, in the caller's transaction; the check's
     * finding is what keeps it from being raised twice.
     */
    public DataQuery raiseForCheck(String studyId, FormRecord record, String field, String question, String checkId) {
        return insert(studyId, record, field, question, checkId, Caller.SYSTEM.username());
    }

    private DataQuery insert(String studyId, FormRecord record, String field, String question, String checkId, String actor) {
        long id = jdbc.sql("""
                insert into data_query (study_id, subject_id, site_id, form_record_id, field, question, status, raised_by, edit_check)
                values (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?) returning id
                """).params(studyId, record.subjectId(), record.siteId(), record.id(), field, question, actor, checkId)
                .query(Long.class).single();
        event(id, QueryEvent.Kind.RAISED, question, actor);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("form_record", record.id());
        after.put("field", field);
        after.put("question", question);
        after.put("status", "OPEN");
        if (checkId != null) {
            after.put("edit_check", checkId);
        }
        audit.recordChanges(actor, studyId, record.siteId(), ENTITY, Long.toString(id), null, after, null);
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
        event(queryId, QueryEvent.Kind.ANSWERED, request.answer(), actor);
        audit.recordChanges(actor, studyId, q.siteId(), ENTITY, Long.toString(queryId),
                Map.of("status", "OPEN"), Map.of("status", "ANSWERED", "answer", request.answer()), "answer");
        return find(studyId, queryId, Caller.SYSTEM);
    }

    /** The data manager is not satisfied with the answer (or a closed query needs more): the site is asked again. */
    @Transactional
    public DataQuery reopen(String studyId, long queryId, QueryRequests.Reopen request, Caller caller) {
        DataQuery q = lock(studyId, queryId, caller.scope(studyId, Permission.RAISE_AND_CLOSE_QUERIES));
        String actor = caller.username();
        if (request == null || request.question() == null || request.question().isBlank()) {
            throw new InvalidInputException("question", "is required: what the site is asked now");
        }
        checkVersion(q, request.version());
        if (q.status() == QueryStatus.OPEN) {
            throw new ConflictException("query " + queryId + " is open; only an answered or closed query can be re-opened");
        }
        jdbc.sql("""
                update data_query set status = 'OPEN', closed_at = null, closed_by = null, close_note = null, version = version + 1
                where id = ?
                """).param(queryId).update();
        event(queryId, QueryEvent.Kind.REOPENED, request.question(), actor);
        audit.recordChanges(actor, studyId, q.siteId(), ENTITY, Long.toString(queryId), Map.of("status", q.status().name()),
                Map.of("status", "OPEN", "question", request.question()), "re-opened");
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
        event(queryId, QueryEvent.Kind.CLOSED, note, actor);
        var after = new LinkedHashMap<String, Object>();
        after.put("status", "CLOSED");
        after.put("close_note", note);
        audit.recordChanges(actor, studyId, q.siteId(), ENTITY, Long.toString(queryId), Map.of("status", q.status().name()),
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

    /** The queries not yet closed on one form record, each with its thread, for highlighting their fields on the form. */
    public List<DataQuery> notClosedOnRecord(String studyId, long recordId, Caller caller) {
        catalog.require(studyId);
        if (!caller.has(studyId, Permission.READ_QUERIES)) {
            return List.of();
        }
        SiteScope scope = caller.scope(studyId, Permission.READ_QUERIES);
        List<DataQuery> found = jdbc.sql("""
                select * from data_query where study_id = ? and form_record_id = ? and status <> 'CLOSED'
                  and (cast(? as text[]) is null or site_id = any(?))
                order by raised_at, id
                """).params(studyId, recordId, scope.sqlSites(), scope.sqlSites()).query(QueryService::map).list();
        if (found.isEmpty()) {
            return found;
        }
        Map<Long, List<QueryEvent>> threads = new LinkedHashMap<>();
        jdbc.sql("select * from data_query_event where query_id = any(?) order by id")
                .param(found.stream().map(DataQuery::id).toArray(Long[]::new))
                .query((rs, n) -> threads.computeIfAbsent(rs.getLong("query_id"), k -> new ArrayList<>()).add(event(rs))).list();
        return found.stream().map(q -> q.withThread(threads.getOrDefault(q.id(), List.of()))).toList();
    }

    public DataQuery find(String studyId, long queryId, Caller caller) {
        catalog.require(studyId);
        SiteScope scope = caller.scope(studyId, Permission.READ_QUERIES);
        DataQuery q = jdbc.sql("select * from data_query where study_id = ? and id = ? and (cast(? as text[]) is null or site_id = any(?))")
                .params(studyId, queryId, scope.sqlSites(), scope.sqlSites())
                .query(QueryService::map).optional()
                .orElseThrow(() -> new NotFoundException("no query " + queryId + " in study " + studyId));
        return q.withThread(jdbc.sql("select * from data_query_event where query_id = ? order by id").param(queryId)
                .query((rs, n) -> event(rs)).list());
    }

    private void event(long queryId, QueryEvent.Kind kind, String text, String actor) {
        jdbc.sql("insert into data_query_event (query_id, kind, text, by_user) values (?, ?, ?, ?)")
                .params(queryId, kind.name(), text, actor).update();
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

    private static QueryEvent event(ResultSet rs) throws SQLException {
        return new QueryEvent(QueryEvent.Kind.valueOf(rs.getString("kind")), rs.getString("text"), instant(rs, "at"),
                rs.getString("by_user"));
    }

    static DataQuery map(ResultSet rs, int n) throws SQLException {
        return new DataQuery(rs.getLong("id"), rs.getString("study_id"), rs.getString("subject_id"), rs.getString("site_id"),
                rs.getLong("form_record_id"), rs.getString("field"), rs.getString("question"),
                QueryStatus.valueOf(rs.getString("status")), instant(rs, "raised_at"), rs.getString("raised_by"),
                rs.getString("answer"), instant(rs, "answered_at"), rs.getString("answered_by"), instant(rs, "closed_at"),
                rs.getString("closed_by"), rs.getString("close_note"), rs.getInt("version"), rs.getString("edit_check"), null);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
