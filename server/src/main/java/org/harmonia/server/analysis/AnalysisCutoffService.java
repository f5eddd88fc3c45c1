package org.harmonia.server.analysis;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.Text;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The study's analysis data cut-off, a study setting kept in the database with its audit rows. It is the trial
 * statistician's decision, so it takes the permission that statistician holds for the randomisation list.
 */
@Service
public class AnalysisCutoffService {
    static final String ENTITY = "study";

    private final JdbcClient jdbc;
    private final ProtocolCatalog catalog;
    private final AuditTrail audit;
    private final Clock clock;

    public AnalysisCutoffService(JdbcClient jdbc, ProtocolCatalog catalog, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
    }

    /** Sets (or moves) the cut-off; a date after today is refused, as a cut-off is a line drawn through data that exists. */
    @Transactional
    public AnalysisCutoff set(String studyId, LocalDate date, String reason, Caller caller) {
        catalog.require(studyId);
        caller.require(studyId, Permission.MANAGE_RANDOMISATION);
        Text.multiLine("reason", reason);
        List<FieldError> errors = new ArrayList<>();
        if (date == null) {
            errors.add(new FieldError("date", "is required"));
        } else if (date.isAfter(LocalDate.now(clock))) {
            errors.add(new FieldError("date", "must not be in the future"));
        }
        if (reason == null || reason.isBlank()) {
            errors.add(new FieldError("reason", "say why the analysis stops at this date"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Optional<AnalysisCutoff> before = current(studyId);
        // microseconds, as PostgreSQL stores them, so the audit text and the stored instant agree
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                update study set analysis_cutoff = ?, analysis_cutoff_set_by = ?, analysis_cutoff_set_at = ?,
                    analysis_cutoff_reason = ?, updated_at = now()
                where id = ?
                """).params(date, caller.username(), Timestamp.from(now), reason, studyId).update();
        AnalysisCutoff after = new AnalysisCutoff(date, caller.username(), now, reason);
        audit.recordChanges(caller.username(), studyId, null, ENTITY, studyId, before.map(AnalysisCutoffService::auditView).orElse(null),
                auditView(after), reason);
        return after;
    }

    public Optional<AnalysisCutoff> current(String studyId) {
        catalog.require(studyId);
        return read(jdbc, studyId);
    }

    /** The cut-off as stored; the report command reads it without the web application. */
    static Optional<AnalysisCutoff> read(JdbcClient jdbc, String studyId) {
        return jdbc.sql("""
                select analysis_cutoff, analysis_cutoff_set_by, analysis_cutoff_set_at, analysis_cutoff_reason
                from study where id = ? and analysis_cutoff is not null
                """).param(studyId).query((rs, n) -> new AnalysisCutoff(rs.getObject(1, LocalDate.class), rs.getString(2),
                rs.getTimestamp(3).toInstant(), rs.getString(4))).optional();
    }

    /** The cut-off as a database lock's snapshot recorded it, if one was set then. */
    static Optional<AnalysisCutoff> readAtLock(JdbcClient jdbc, long lockId) {
        return jdbc.sql("""
                select analysis_cutoff, analysis_cutoff_set_by, analysis_cutoff_set_at, analysis_cutoff_reason
                from lock_snapshot_cutoff where lock_id = ? and analysis_cutoff is not null
                """).param(lockId).query((rs, n) -> new AnalysisCutoff(rs.getObject(1, LocalDate.class), rs.getString(2),
                rs.getTimestamp(3).toInstant(), rs.getString(4))).optional();
    }

    private static Map<String, Object> auditView(AnalysisCutoff c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("analysis_cutoff", c.date());
        m.put("analysis_cutoff_reason", c.reason());
        return m;
    }
}
