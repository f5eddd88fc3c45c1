package org.harmonia.server.audit;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only audit trail. Rows are written inside the caller's transaction, so a change and its audit rows are
 * committed together or not at all. A writer takes no lock and waits for no other writer: rows are chained after
 * their commit by {@link AuditSealer}, which seals every finished transaction's rows in order (docs/audit.md).
 */
@Service
public class AuditTrail {
    private static final String COLUMNS = """
            seq, recorded_at, actor, action, study_id, site_id, entity_type, entity_id, field,
            old_value, new_value, reason, prev_hash, hash""";
    private static final String INSERTED = "actor, action, study_id, site_id, entity_type, entity_id, field, old_value, new_value, reason";
    /** Rows per INSERT statement: a record's fields go in one round trip, well below the driver's parameter limit. */
    private static final int ROWS_PER_STATEMENT = 500;

    private final JdbcClient jdbc;

    public AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends one row; there must be a transaction already, the one that makes the change being audited. */
    @Transactional(propagation = Propagation.MANDATORY)
    public AuditEntry record(AuditEvent e) {
        return insert(List.of(e)).get(0);
    }

    private List<AuditEntry> insert(List<AuditEvent> events) {
        List<AuditEntry> written = new ArrayList<>(events.size());
        for (int from = 0; from < events.size(); from += ROWS_PER_STATEMENT) {
            List<AuditEvent> chunk = events.subList(from, Math.min(events.size(), from + ROWS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder("insert into audit_log (" + INSERTED + ") values ");
            List<Object> params = new ArrayList<>(chunk.size() * 10);
            for (int i = 0; i < chunk.size(); i++) {
                AuditEvent e = chunk.get(i);
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                params.addAll(Arrays.asList(e.actor(), e.action().name(), e.studyId(), e.siteId(),
                        e.entityType(), e.entityId(), e.field(), e.oldValue(), e.newValue(), e.reason()));
            }
            // the rows come back in the order of the VALUES list, each with the number and time the database gave it
            sql.append(" returning ").append(COLUMNS);
            written.addAll(jdbc.sql(sql.toString()).params(params).query(AuditTrail::entry).list());
        }
        return written;
    }

    /**
     * Audits the saving of a record given as field → value maps. With {@code before} null the record is new: one
     * INSERT row per field that has a value (one row without a field if none has). Otherwise one UPDATE row per field
     * whose value changed, and a reason is required. Values are compared and stored as text (see {@link #text}).
     * Returns the rows written, none when nothing changed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<AuditEntry> recordChanges(String actor, String studyId, String siteId, String entityType, String entityId,
                                          Map<String, ?> before, Map<String, ?> after, String reason) {
        if (after == null) {
            throw new IllegalArgumentException("a record is never deleted: void it with AuditEvent.voided instead");
        }
        List<AuditEvent> events = new ArrayList<>();
        if (before == null) {
            for (String f : new TreeSet<>(after.keySet())) {
                String value = text(after.get(f));
                if (value != null) {
                    events.add(new AuditEvent(actor, AuditAction.INSERT, studyId, siteId, entityType, entityId, f, null, value, reason));
                }
            }
            if (events.isEmpty()) {
                events.add(new AuditEvent(actor, AuditAction.INSERT, studyId, siteId, entityType, entityId, null, null, null, reason));
            }
        } else {
            Map<String, String[]> changed = changedFields(before, after);
            if (!changed.isEmpty() && (reason == null || reason.isBlank())) {
                throw new InvalidInputException("reason", AuditEvent.REASON_REQUIRED);
            }
            changed.forEach((f, values) -> events.add(
                    AuditEvent.update(actor, studyId, siteId, entityType, entityId, f, values[0], values[1], reason)));
        }
        return insert(events);
    }

    /** Everything recorded about one entity, oldest first. */
    public List<AuditEntry> history(String entityType, String entityId) {
        return jdbc.sql("select " + COLUMNS + " from audit_log where entity_type = ? and entity_id = ? order by seq")
                .params(entityType, entityId).query(AuditTrail::entry).list();
    }

    /** A page of the rows matching the filter, oldest first. */
    public AuditPage find(AuditQuery q) {
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> params = new LinkedHashMap<>();
        condition(where, params, "study_id = :studyId", "studyId", q.studyId());
        condition(where, params, "site_id = :siteId", "siteId", q.siteId());
        condition(where, params, "entity_type = :entityType", "entityType", q.entityType());
        condition(where, params, "entity_id = :entityId", "entityId", q.entityId());
        condition(where, params, "actor = :actor", "actor", q.actor());
        condition(where, params, "action = :action", "action", q.action());
        condition(where, params, "field = :field", "field", q.field());
        // a record's rows name it by id; the form and subject it belongs to are looked up where it is kept
        condition(where, params, "entity_type = 'form_record' and entity_id in (select id::text from form_record where form_id = :formId)",
                "formId", q.formId());
        condition(where, params, """
                (entity_id = :subjectId
                 or (entity_type = 'visit_record' and left(entity_id, length(:subjectId) + 1) = :subjectId || '/')
                 or (entity_type = 'form_record' and entity_id in (select id::text from form_record where subject_id = :subjectId))
                 or (entity_type = 'data_query' and entity_id in (select id::text from data_query where subject_id = :subjectId))
                 or (entity_type = 'sdv_verification' and entity_id in (select id::text from sdv_verification where subject_id = :subjectId))
                 or (entity_type = 'sdv_finding' and entity_id in (select id::text from sdv_finding where subject_id = :subjectId)))""", "subjectId", q.subjectId());
        condition(where, params, "recorded_at >= :from", "from",
                q.from() == null ? null : OffsetDateTime.ofInstant(q.from(), ZoneOffset.UTC));
        condition(where, params, "recorded_at < :to", "to",
                q.to() == null ? null : OffsetDateTime.ofInstant(q.to(), ZoneOffset.UTC));
        long total = jdbc.sql("select count(*) from audit_log" + where).params(params).query(Long.class).single();
        List<AuditEntry> rows = jdbc.sql("select " + COLUMNS + " from audit_log" + where + " order by seq limit :limit offset :offset")
                .params(params).param("limit", q.limit()).param("offset", q.offset())
                .query(AuditTrail::entry).list();
        return new AuditPage(rows, total, q.limit(), q.offset());
    }

    /**
     * A value as the trail stores it: null stays null, decimals in plain notation (no exponent), dates and times in
     * ISO-8601 (their {@code toString}), enums by name, anything else by its {@code toString}.
     */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Enum<?> en) {
            return en.name();
        }
        return value.toString();
    }

    private static Map<String, String[]> changedFields(Map<String, ?> before, Map<String, ?> after) {
        TreeSet<String> fields = new TreeSet<>(before.keySet());
        fields.addAll(after.keySet());
        Map<String, String[]> changed = new LinkedHashMap<>();
        for (String f : fields) {
            String old = text(before.get(f));
            String now = text(after.get(f));
            if (!Objects.equals(old, now)) {
                changed.put(f, new String[] {old, now});
            }
        }
        return changed;
    }

    private static void condition(StringBuilder where, Map<String, Object> params, String sql, String name, Object value) {
        if (value != null) {
            where.append(" and ").append(sql);
            params.put(name, value);
        }
    }

    static AuditEntry entry(ResultSet rs, int rowNum) throws SQLException {
        OffsetDateTime at = rs.getObject("recorded_at", OffsetDateTime.class);
        return new AuditEntry(rs.getLong("seq"), at == null ? null : at.toInstant(), rs.getString("actor"),
                rs.getString("action"), rs.getString("study_id"), rs.getString("site_id"), rs.getString("entity_type"),
                rs.getString("entity_id"), rs.getString("field"), rs.getString("old_value"), rs.getString("new_value"),
                rs.getString("reason"), rs.getString("prev_hash"), rs.getString("hash"));
    }

}
