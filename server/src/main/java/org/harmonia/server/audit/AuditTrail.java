package org.harmonia.server.audit;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only, hash-chained audit trail. Rows are written inside the caller's transaction, so a change and
 * its audit rows are committed together or not at all; appends from any number of transactions and server
 * instances are serialised on one database lock, so the chain never forks.
 */
@Service
public class AuditTrail {
    private static final String COLUMNS = """
            seq, recorded_at, actor, action, study_id, site_id, entity_type, entity_id, field,
            old_value, new_value, reason, prev_hash, hash""";

    private final JdbcClient jdbc;

    public AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends one row; there must be a transaction already, the one that makes the change being audited. */
    @Transactional(propagation = Propagation.MANDATORY)
    public AuditEntry record(AuditEvent e) {
        // Held to the end of the caller's transaction: the next appender reads the head only after this row is committed.
        jdbc.sql("select pg_advisory_xact_lock(audit_chain_lock_key())").query((RowCallbackHandler) rs -> { });
        // The database clock, read after the lock, keeps recorded_at in chain order across server instances.
        Head head = jdbc.sql("""
                select clock_timestamp() as now, h.seq, h.hash
                from (select 1) one left join (select seq, hash from audit_log order by seq desc limit 1) h on true
                """).query((rs, n) -> new Head(rs.getObject("now", OffsetDateTime.class).toInstant(),
                        rs.getObject("seq", Long.class), rs.getString("hash"))).single();
        long seq = head.seq() == null ? 1 : head.seq() + 1;
        Instant at = head.now().truncatedTo(ChronoUnit.MICROS);
        AuditEntry unsigned = new AuditEntry(seq, at, e.actor(), e.action().name(), e.studyId(), e.siteId(),
                e.entityType(), e.entityId(), e.field(), e.oldValue(), e.newValue(), e.reason(), head.hash(), null);
        String hash = AuditHash.of(unsigned);
        jdbc.sql("insert into audit_log (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(seq, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), e.actor(), e.action().name(),
                        e.studyId(), e.siteId(), e.entityType(), e.entityId(), e.field(), e.oldValue(), e.newValue(),
                        e.reason(), head.hash(), hash)
                .update();
        return unsigned.withHash(hash);
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
        List<AuditEntry> written = new ArrayList<>(events.size());
        for (AuditEvent e : events) {
            written.add(record(e));
        }
        return written;
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

    private record Head(Instant now, Long seq, String hash) {
    }
}
