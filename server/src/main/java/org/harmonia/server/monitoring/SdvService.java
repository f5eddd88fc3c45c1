package org.harmonia.server.monitoring;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.harmonia.server.audit.AuditEvent;
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
import org.harmonia.server.visits.FormRecordSaved;
import org.harmonia.server.visits.FormService;
import org.harmonia.trial.forms.FormDefinition;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.SourceDataVerificationPlan;
import org.harmonia.trial.protocol.SourceDataVerificationPlan.Selection;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Source data verification: monitors verify fields, form records or whole visits against the source; a later change to
 * a verified value (or the voiding of the record) removes the verification, audited, inside the very transaction that
 * saved the change. The protocol's plan selects the records to verify; the monitor's list, the progress by site and
 * visit and the monitoring visit report read from here.
 */
@Service
public class SdvService {
    static final String ENTITY = "sdv_verification";
    static final String FINDING_ENTITY = "sdv_finding";
    private static final String VERIFICATION = """
            select v.*, f.form_id from sdv_verification v join form_record f on f.id = v.form_record_id
            """;

    private final JdbcClient jdbc;
    private final ProtocolCatalog catalog;
    private final FormService forms;
    private final AuditTrail audit;

    public SdvService(JdbcClient jdbc, ProtocolCatalog catalog, FormService forms, AuditTrail audit) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.forms = forms;
        this.audit = audit;
    }

    /** Verifies a record (whole or some fields) or every live record of a visit; what was verified already stays as it is. */
    @Transactional
    public List<Verification> verify(String studyId, SdvRequests.Verify request, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        caller.require(studyId, Permission.VERIFY_SOURCE_DATA);
        if (request == null || (request.formRecordId() == null && request.subjectId() == null && request.visitId() == null)) {
            throw new InvalidInputException("formRecordId", "give the form record to verify, or subjectId and visitId for a whole visit");
        }
        List<Verification> out = new ArrayList<>();
        if (request.formRecordId() != null) {
            if (request.subjectId() != null || request.visitId() != null) {
                throw new InvalidInputException("formRecordId", "give either a form record or a visit (subjectId and visitId), not both");
            }
            FormRecord r = live(studyId, request.formRecordId(), caller);
            if (request.fields() == null) {
                out.add(insert(r, null, VerificationScope.FORM, caller.username()));
            } else {
                FormDefinition form = protocol.form(r.formId()).orElseThrow();
                List<FieldError> errors = new ArrayList<>();
                if (request.fields().isEmpty()) {
                    errors.add(new FieldError("fields", "name at least one field, or leave fields out to verify the whole record"));
                }
                for (int i = 0; i < request.fields().size(); i++) {
                    if (form.field(request.fields().get(i)).isEmpty()) {
                        errors.add(new FieldError("fields[" + i + "]", "form " + r.formId() + " has no field \"" + request.fields().get(i) + "\""));
                    }
                }
                if (!errors.isEmpty()) {
                    throw new InvalidInputException(errors);
                }
                for (String field : request.fields().stream().distinct().toList()) {
                    out.add(insert(r, field, VerificationScope.FIELD, caller.username()));
                }
            }
            return out;
        }
        List<FieldError> errors = new ArrayList<>();
        if (request.subjectId() == null) {
            errors.add(new FieldError("subjectId", "is required with visitId"));
        }
        if (request.visitId() == null) {
            errors.add(new FieldError("visitId", "is required with subjectId"));
        }
        if (request.fields() != null) {
            errors.add(new FieldError("fields", "a whole visit is verified form by form; fields apply to one form record"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        List<FormRecord> records = atVisit(protocol, request.subjectId(), request.visitId(), caller);
        if (records.isEmpty()) {
            throw new ConflictException("nothing is saved at visit " + request.visitId() + " of " + request.subjectId() + " to verify");
        }
        for (FormRecord r : records) {
            lockForVerification(r.id());
            out.add(insert(r, null, VerificationScope.VISIT, caller.username()));
        }
        return out;
    }

    /** The live records saved at a visit of a subject (log records reported there included), read with the caller's scope. */
    public List<FormRecord> atVisit(Protocol protocol, String subjectId, String visitId, Caller caller) {
        if (protocol.visit(visitId).isEmpty()) {
            throw new NotFoundException("no visit \"" + visitId + "\" in study " + protocol.id());
        }
        return forms.bySubject(protocol.id(), subjectId, false, caller).stream().filter(r -> visitId.equals(r.visitId())).toList();
    }

    private FormRecord live(String studyId, long recordId, Caller caller) {
        FormRecord r = forms.get(studyId, recordId, caller);
        if (r.voided()) {
            throw new ConflictException("form record " + recordId + " is voided; only live data are verified");
        }
        lockForVerification(recordId);
        return r;
    }

    /**
     * Holds the record against a change until this verification commits: a correction saved meanwhile waits, and then
     * its listener sees the verification and removes it if the value changed.
     */
    private void lockForVerification(long recordId) {
        jdbc.sql("select id from form_record where id = ? for share").param(recordId).query(Long.class).single();
    }

    private Verification insert(FormRecord r, String field, VerificationScope scope, String actor) {
        // the values as they are now in the database (locked above), not as the caller read them
        Long id = jdbc.sql("""
                insert into sdv_verification (study_id, site_id, subject_id, visit_id, form_record_id, field, scope,
                    verified_values, verified_version, verified_by)
                select ?, ?, f.subject_id, f.visit_id, f.id, cast(? as text), ?,
                       case when cast(? as text) is null then f.data
                            else jsonb_strip_nulls(jsonb_build_object(cast(? as text), f.data -> cast(? as text))) end,
                       f.version, ?
                from form_record f where f.id = ?
                on conflict (form_record_id, (coalesce(field, ''))) where removed_at is null do nothing
                returning id
                """).params(r.studyId(), r.siteId(), field, scope.name(), field, field, field, actor, r.id())
                .query(Long.class).optional().orElse(null);
        if (id == null) {
            // verified already, and still valid: nothing new
            return jdbc.sql(VERIFICATION + " where v.form_record_id = ? and coalesce(v.field, '') = ? and v.removed_at is null")
                    .params(r.id(), field == null ? "" : field).query(SdvService::verification).single();
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("form_record", r.id());
        after.put("field", field);
        after.put("scope", scope.name());
        after.put("verified_version", r.version());
        audit.recordChanges(actor, r.studyId(), r.siteId(), ENTITY, id.toString(), null, after, null);
        return jdbc.sql(VERIFICATION + " where v.id = ?").param(id).query(SdvService::verification).single();
    }

    /**
     * A saved correction or voiding removes the verifications whose values it changed. One indexed UPDATE, which finds
     * nothing unless the record has live verifications; a record saved for the first time has none and costs no query.
     */
    @EventListener
    public void onSaved(FormRecordSaved saved) {
        FormRecord r = saved.record();
        if (r.version() == 1 && !r.voided()) {
            return;
        }
        List<Map<String, Object>> removed = jdbc.sql("""
                update sdv_verification v set removed_at = now(), removed_by = ?, removed_version = f.version,
                    removed_reason = case when f.voided then 'RECORD_VOIDED' else 'VALUE_CHANGED' end
                from form_record f
                where v.form_record_id = ? and v.removed_at is null and f.id = v.form_record_id
                  and (f.voided
                       or (v.field is null and v.verified_values <> f.data)
                       or (v.field is not null and (v.verified_values -> v.field) is distinct from (f.data -> v.field)))
                returning v.id, v.field, v.removed_reason, f.version
                """).params(saved.actor(), r.id()).query().listOfRows();
        for (Map<String, Object> row : removed) {
            String what = row.get("field") == null ? "record " + r.id() : row.get("field") + " of record " + r.id();
            String why = "RECORD_VOIDED".equals(row.get("removed_reason")) ? "the record was voided"
                    : "a verified value of " + what + " changed (version " + row.get("version") + ")";
            audit.record(AuditEvent.update(saved.actor(), r.studyId(), r.siteId(), ENTITY, row.get("id").toString(), "status",
                    "VERIFIED", "REMOVED", why));
        }
    }

    /** Every verification of a record, oldest first, live and removed; for the roles that read verification status. */
    public List<Verification> ofRecord(String studyId, long recordId, Caller caller) {
        catalog.require(studyId);
        SiteScope scope = caller.scope(studyId, Permission.READ_SOURCE_DATA_VERIFICATION);
        forms.get(studyId, recordId, caller);
        return jdbc.sql(VERIFICATION + " where v.study_id = ? and v.form_record_id = ? and (cast(? as text[]) is null or v.site_id = any(?)) order by v.id")
                .params(studyId, recordId, scope.sqlSites(), scope.sqlSites()).query(SdvService::verification).list();
    }

    /** Every verification at a site, newest first, in a period ({@code from} inclusive, {@code to} exclusive, either open). */
    public List<Verification> atSite(String studyId, String siteId, Instant from, Instant to, Caller caller) {
        requireSite(studyId, siteId, caller);
        return jdbc.sql(VERIFICATION + """
                 where v.study_id = ? and v.site_id = ?
                   and (cast(? as timestamptz) is null or v.verified_at >= cast(? as timestamptz) or v.removed_at >= cast(? as timestamptz))
                   and (cast(? as timestamptz) is null or v.verified_at < cast(? as timestamptz))
                 order by v.verified_at desc, v.id desc
                """).params(studyId, siteId, ts(from), ts(from), ts(from), ts(to), ts(to)).query(SdvService::verification).list();
    }

    /** Records a finding on a record or one of its fields. */
    @Transactional
    public Finding recordFinding(String studyId, SdvRequests.RecordFinding request, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        caller.require(studyId, Permission.VERIFY_SOURCE_DATA);
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.formRecordId() == null) {
            errors.add(new FieldError("formRecordId", "is required"));
        }
        if (request == null || request.finding() == null || request.finding().isBlank()) {
            errors.add(new FieldError("finding", "is required: what the source shows"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        FormRecord r = forms.get(studyId, request.formRecordId(), caller);
        String field = request.field() == null || request.field().isBlank() ? null : request.field().strip();
        if (field != null && protocol.form(r.formId()).orElseThrow().field(field).isEmpty()) {
            throw new InvalidInputException("field", "form " + r.formId() + " has no field \"" + field + "\"");
        }
        long id = jdbc.sql("""
                insert into sdv_finding (study_id, site_id, subject_id, form_record_id, field, finding, recorded_by)
                values (?, ?, ?, ?, ?, ?, ?) returning id
                """).params(studyId, r.siteId(), r.subjectId(), r.id(), field, request.finding().strip(), caller.username())
                .query(Long.class).single();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("form_record", r.id());
        after.put("field", field);
        after.put("finding", request.finding().strip());
        audit.recordChanges(caller.username(), studyId, r.siteId(), FINDING_ENTITY, Long.toString(id), null, after, null);
        return findings(studyId, r.siteId(), null, null, Caller.SYSTEM).stream().filter(f -> f.id() == id).findFirst().orElseThrow();
    }

    /** The findings at a site in a period, oldest first. */
    public List<Finding> findings(String studyId, String siteId, Instant from, Instant to, Caller caller) {
        requireSite(studyId, siteId, caller);
        return jdbc.sql("""
                select g.*, f.form_id from sdv_finding g join form_record f on f.id = g.form_record_id
                where g.study_id = ? and g.site_id = ?
                  and (cast(? as timestamptz) is null or g.recorded_at >= cast(? as timestamptz))
                  and (cast(? as timestamptz) is null or g.recorded_at < cast(? as timestamptz))
                order by g.recorded_at, g.id
                """).params(studyId, siteId, ts(from), ts(from), ts(to), ts(to))
                .query((rs, n) -> new Finding(rs.getLong("id"), rs.getString("subject_id"), rs.getString("site_id"),
                        rs.getLong("form_record_id"), rs.getString("form_id"), rs.getString("field"), rs.getString("finding"),
                        instant(rs, "recorded_at"), rs.getString("recorded_by"))).list();
    }

    /** The site's saved records with the plan's selection and their verification; {@code all} false keeps the selected. */
    public List<WorkItem> workList(String studyId, String siteId, boolean all, Caller caller) {
        Protocol protocol = requireSite(studyId, siteId, caller);
        return items(protocol, siteId).stream().filter(i -> all || i.selected()).toList();
    }

    /** Verification by site and visit for every site the caller sees, sites in protocol order, visits in schedule order. */
    public List<Progress> progress(String studyId, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        SiteScope scope = caller.scope(studyId, Permission.READ_SOURCE_DATA_VERIFICATION);
        List<String> visitOrder = protocol.visits().stream().map(v -> v.id()).toList();
        List<Progress> out = new ArrayList<>();
        Map<String, List<WorkItem>> bySite = new LinkedHashMap<>();
        for (WorkItem i : items(protocol, null)) {
            bySite.computeIfAbsent(i.siteId(), k -> new ArrayList<>()).add(i);
        }
        for (String site : protocol.siteIds()) {
            if (!scope.contains(site) || !bySite.containsKey(site)) {
                continue;
            }
            Map<Integer, List<WorkItem>> byVisit = new TreeMap<>();
            for (WorkItem i : bySite.get(site)) {
                int order = i.visitId() == null ? Integer.MAX_VALUE : visitOrder.indexOf(i.visitId());
                byVisit.computeIfAbsent(order, k -> new ArrayList<>()).add(i);
            }
            byVisit.forEach((order, items) -> out.add(new Progress(site, items.get(0).visitId(), items.size(),
                    (int) items.stream().filter(WorkItem::selected).count(),
                    (int) items.stream().filter(i -> i.selected() && i.status() == WorkItem.Status.VERIFIED).count(),
                    (int) items.stream().filter(i -> i.status() == WorkItem.Status.REVERIFY).count())));
        }
        return out;
    }

    private List<WorkItem> items(Protocol protocol, String siteId) {
        SourceDataVerificationPlan plan = protocol.sourceDataVerification();
        return jdbc.sql("""
                select f.id, f.subject_id, s.site_id, f.visit_id, f.form_id, f.repeating, f.version,
                       array(select k from jsonb_object_keys(f.data) k order by k) as filled,
                       exists (select 1 from sdv_verification v where v.form_record_id = f.id and v.removed_at is null
                               and v.field is null) as whole,
                       array(select v.field from sdv_verification v where v.form_record_id = f.id and v.removed_at is null
                             and v.field is not null order by v.field) as fields,
                       array(select distinct coalesce(v.field, '') from sdv_verification v
                             where v.form_record_id = f.id and v.removed_at is not null
                               and not exists (select 1 from sdv_verification w where w.form_record_id = f.id
                                               and w.removed_at is null and (w.field is null or w.field = v.field))) as removed
                from form_record f join subject s on s.study_id = f.study_id and s.id = f.subject_id
                where f.study_id = ? and (cast(? as text) is null or s.site_id = ?) and not f.voided
                order by s.site_id, f.subject_id, f.id
                """).params(protocol.id(), siteId, siteId).query((rs, n) -> {
                    String visit = rs.getString("visit_id");
                    String form = rs.getString("form_id");
                    String key = rs.getString("subject_id") + "/" + (rs.getBoolean("repeating")
                            ? form + "/" + rs.getLong("id") : visit + "/" + form);
                    Selection selection = plan.select(protocol, rs.getString("site_id"), visit, form, key);
                    List<String> filled = texts(rs.getArray("filled"));
                    List<String> fields = texts(rs.getArray("fields"));
                    List<String> removed = texts(rs.getArray("removed"));
                    boolean whole = rs.getBoolean("whole");
                    WorkItem.Status status = whole || (!fields.isEmpty() && fields.containsAll(filled)) ? WorkItem.Status.VERIFIED
                            : !removed.isEmpty() ? WorkItem.Status.REVERIFY
                            : !fields.isEmpty() ? WorkItem.Status.PARTLY : WorkItem.Status.TO_VERIFY;
                    return new WorkItem(rs.getLong("id"), rs.getString("subject_id"), rs.getString("site_id"), visit, form,
                            rs.getInt("version"), selection, status, whole ? filled : fields, removed);
                }).list();
    }

    /** The study's protocol, if the site is one of its sites and among those the caller may read verification status of. */
    Protocol requireSite(String studyId, String siteId, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        if (!protocol.siteIds().contains(siteId)
                || !caller.scope(studyId, Permission.READ_SOURCE_DATA_VERIFICATION).contains(siteId)) {
            throw new NotFoundException("no site \"" + siteId + "\" in study " + studyId);
        }
        return protocol;
    }

    private static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(Objects::toString).toList();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static Verification verification(ResultSet rs, int n) throws SQLException {
        String reason = rs.getString("removed_reason");
        Integer removedVersion = rs.getObject("removed_version", Integer.class);
        return new Verification(rs.getLong("id"), rs.getString("subject_id"), rs.getString("site_id"), rs.getString("visit_id"),
                rs.getLong("form_record_id"), rs.getString("form_id"), rs.getString("field"),
                VerificationScope.valueOf(rs.getString("scope")), rs.getInt("verified_version"), instant(rs, "verified_at"),
                rs.getString("verified_by"), instant(rs, "removed_at"), rs.getString("removed_by"),
                reason == null ? null : Verification.RemovalReason.valueOf(reason), removedVersion);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
