package org.harmonia.server.datamanagement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.queries.QueryService;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.visits.FormRecord;
import org.harmonia.trial.eligibility.ScreeningData;
import org.harmonia.trial.eligibility.ScreeningDataException;
import org.harmonia.trial.eligibility.ScreeningValue;
import org.harmonia.trial.protocol.EditCheck;
import org.harmonia.trial.protocol.Protocol;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the protocol's edit checks over the subjects' saved forms and recorded visits, and raises one query per finding
 * on the field the check names. A finding is the check, the subject and the facts that broke it: a later run that
 * finds the same raises nothing, while a finding with other facts (the data changed and are still wrong) is new.
 * The data of every subject are read in two set-based queries, not subject by subject.
 */
@Service
public class EditCheckService {
    private static final TypeReference<Map<String, String>> TEXT_MAP = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final ProtocolCatalog catalog;
    private final QueryService queries;
    private final JsonMapper json;

    public EditCheckService(JdbcClient jdbc, ProtocolCatalog catalog, QueryService queries, JsonMapper json) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.queries = queries;
        this.json = json;
    }

    /** The protocol's edit checks, for those who read the data management views. */
    public List<EditCheck> checks(String studyId, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        caller.require(studyId, Permission.READ_DATA_MANAGEMENT);
        return protocol.editChecks();
    }

    /** Every check over every subject, on demand (after a protocol amendment): by the data manager. */
    @Transactional
    public EditCheckRun run(String studyId, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        caller.require(studyId, Permission.RAISE_AND_CLOSE_QUERIES);
        return run(protocol, protocol.editChecks(), null);
    }

    /**
     * The checks that read a form just saved, over its subject only; in a transaction of its own, as the save's has
     * committed.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    public EditCheckRun afterSave(FormRecord saved) {
        Protocol protocol = catalog.require(saved.studyId());
        List<EditCheck> reading = protocol.editChecks().stream().filter(c -> c.forms().contains(saved.formId())).toList();
        return run(protocol, reading, saved.subjectId());
    }

    /** Every check of a study over every subject, as the schedule runs it. */
    @Transactional
    public EditCheckRun runScheduled(String studyId) {
        Protocol protocol = catalog.require(studyId);
        return run(protocol, protocol.editChecks(), null);
    }

    private EditCheckRun run(Protocol protocol, List<EditCheck> checks, String onlySubject) {
        if (checks.isEmpty()) {
            return new EditCheckRun(protocol.version(), 0, 0, 0, List.of(), 0);
        }
        Set<String> formIds = new LinkedHashSet<>();
        Set<String> visitIds = new LinkedHashSet<>();
        checks.forEach(c -> c.values().values().forEach(v -> {
            visitIds.add(v.visit());
            if (v.form() != null) {
                formIds.add(v.form());
            }
        }));
        String studyId = protocol.id();
        // subject -> "visit/form" -> record
        Map<String, Map<String, FormRecord>> records = new LinkedHashMap<>();
        jdbc.sql("""
                select f.id, f.subject_id, s.site_id, f.visit_id, f.form_id, f.data, f.version, f.created_at, f.created_by,
                       f.updated_at, f.updated_by
                from form_record f join subject s on s.study_id = f.study_id and s.id = f.subject_id
                where f.study_id = ? and not f.voided and not f.repeating and f.form_id = any(?) and f.visit_id = any(?)
                  and (cast(? as text) is null or f.subject_id = cast(? as text))
                """).params(studyId, formIds.toArray(String[]::new), visitIds.toArray(String[]::new), onlySubject, onlySubject)
                .query((rs, n) -> new FormRecord(rs.getLong("id"), studyId, rs.getString("subject_id"), rs.getString("site_id"),
                        rs.getString("visit_id"), rs.getString("form_id"), false, json.readValue(rs.getString("data"), TEXT_MAP),
                        List.of(), rs.getInt("version"), false, null, rs.getTimestamp("created_at").toInstant(),
                        rs.getString("created_by"), rs.getTimestamp("updated_at").toInstant(), rs.getString("updated_by")))
                .list().forEach(r -> records.computeIfAbsent(r.subjectId(), k -> new HashMap<>()).put(r.visitId() + "/" + r.formId(), r));
        // subject -> visit -> recorded date (done) or "never" (missed)
        Map<String, Map<String, String>> visits = new HashMap<>();
        jdbc.sql("""
                select subject_id, visit_id, status, visit_date from visit_record
                where study_id = ? and visit_id = any(?) and (cast(? as text) is null or subject_id = cast(? as text))
                """).params(studyId, visitIds.toArray(String[]::new), onlySubject, onlySubject)
                .query((rs, n) -> {
                    java.sql.Date d = rs.getDate("visit_date");
                    String value = "MISSED".equals(rs.getString("status")) || d == null ? "never" : d.toLocalDate().toString();
                    visits.computeIfAbsent(rs.getString("subject_id"), k -> new HashMap<>()).put(rs.getString("visit_id"), value);
                    return value;
                }).list();
        Set<String> subjects = new LinkedHashSet<>(records.keySet());
        subjects.addAll(visits.keySet());
        int findings = 0;
        int already = 0;
        List<Long> raised = new ArrayList<>();
        for (String subject : subjects) {
            Map<String, FormRecord> saved = records.getOrDefault(subject, Map.of());
            Map<String, String> visited = visits.getOrDefault(subject, Map.of());
            for (EditCheck check : checks) {
                Optional<String> facts = finding(check, saved, visited);
                EditCheck.CheckedValue target = check.values().get(check.queryOn());
                FormRecord on = saved.get(target.visit() + "/" + target.form());
                if (facts.isEmpty() || on == null) {
                    continue;
                }
                findings++;
                Optional<Long> query = raiseOnce(protocol, check, on, target.field(), facts.get());
                if (query.isPresent()) {
                    raised.add(query.get());
                } else {
                    already++;
                }
            }
        }
        return new EditCheckRun(protocol.version(), checks.size(), subjects.size(), findings, raised, already);
    }

    /**
     * The query of a finding, unless this finding (check, subject, facts) was raised before; two runs at once meet on
     * the finding's unique key, and the second raises nothing.
     */
    private Optional<Long> raiseOnce(Protocol protocol, EditCheck check, FormRecord on, String field, String facts) {
        Optional<Long> finding = jdbc.sql("""
                insert into edit_check_finding (study_id, subject_id, check_id, facts, protocol_version) values (?, ?, ?, ?, ?)
                on conflict (study_id, subject_id, check_id, facts) do nothing returning id
                """).params(protocol.id(), on.subjectId(), check.id(), facts, protocol.version()).query(Long.class).optional();
        if (finding.isEmpty()) {
            return Optional.empty();
        }
        long queryId = queries.raiseForCheck(protocol.id(), on, field, check.text() + " (" + facts + ")", check.id()).id();
        jdbc.sql("update edit_check_finding set query_id = ? where id = ?").params(queryId, finding.get()).update();
        return Optional.of(queryId);
    }

    /** The check over one subject's values, read from their stored text with the types the check gives them. */
    private static Optional<String> finding(EditCheck check, Map<String, FormRecord> saved, Map<String, String> visited) {
        Map<String, String> raw = new LinkedHashMap<>();
        check.values().forEach((name, v) -> {
            String text = v.visitDate() ? visited.get(v.visit())
                    : Optional.ofNullable(saved.get(v.visit() + "/" + v.form())).map(r -> r.values().get(v.field())).orElse(null);
            if (text != null && !text.isEmpty()) {
                raw.put(name, text);
            }
        });
        Map<String, ScreeningValue> values;
        try {
            values = ScreeningData.parse(raw, check.variables()).values();
        } catch (ScreeningDataException e) {
            // a stored value the check cannot read (its form changed type in an amendment) decides nothing
            return Optional.empty();
        }
        return check.finding(values);
    }
}
