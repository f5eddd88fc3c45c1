package org.harmonia.server.safety;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.harmonia.server.audit.AuditAction;
import org.harmonia.server.audit.AuditEvent;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.security.SiteScope;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.server.visits.FormRecord;
import org.harmonia.server.visits.FormRecordSaved;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Serious adverse events: the expedited-report flag with its 24-hour deadline, visible to the central team. */
@Service
public class SafetyService {
    /** ICH E2A: a serious AE is reported to the sponsor within 24 hours of the site learning of it. */
    public static final Duration REPORTING_DEADLINE = Duration.ofHours(24);
    static final String ADVERSE_EVENT_FORM = "adverse_event";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final ProtocolCatalog catalog;
    private final Clock clock;

    public SafetyService(JdbcClient jdbc, AuditTrail audit, ProtocolCatalog catalog, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Runs inside the transaction that saved the AE, so the flag exists exactly when the serious AE does. */
    @EventListener
    public void onFormSaved(FormRecordSaved saved) {
        FormRecord r = saved.record();
        if (!ADVERSE_EVENT_FORM.equals(r.formId())) {
            return;
        }
        boolean serious = "yes".equals(r.values().get("serious")) && !r.voided();
        if (!serious && r.version() == 1) {
            // a new AE that is not serious has no report to cancel: the common case costs no query
            return;
        }
        Optional<ExpeditedReport> existing = reportFor(r.id());
        if (!serious) {
            // a voided AE, or one corrected to non-serious, no longer needs its expedited report
            existing.filter(e -> e.submittedAt() == null && e.cancelledAt() == null).ifPresent(e -> cancel(e, r, saved.actor()));
            return;
        }
        if (existing.isPresent()) {
            return;
        }
        // microseconds, as PostgreSQL stores them, so the audit text and the stored deadline agree
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        long id = jdbc.sql("""
                insert into expedited_report (study_id, subject_id, site_id, form_record_id, raised_at, due_at)
                values (?, ?, ?, ?, ?, ?) returning id
                """).params(r.studyId(), r.subjectId(), r.siteId(), r.id(), java.sql.Timestamp.from(now),
                java.sql.Timestamp.from(now.plus(REPORTING_DEADLINE))).query(Long.class).single();
        audit.record(AuditEvent.of(saved.actor(), AuditAction.of("SAE_FLAG"), r.studyId(), r.siteId(), "expedited_report",
                Long.toString(id), "serious adverse event on form record " + r.id() + ", report due " + now.plus(REPORTING_DEADLINE), null));
    }

    private void cancel(ExpeditedReport e, FormRecord r, String actor) {
        String reason = r.voided() ? "adverse event voided: " + r.voidReason() : "adverse event corrected to non-serious";
        jdbc.sql("update expedited_report set cancelled_at = ?, cancel_reason = ? where id = ?")
                .params(java.sql.Timestamp.from(clock.instant()), reason, e.id()).update();
        audit.record(AuditEvent.of(actor, AuditAction.of("SAE_FLAG_CANCELLED"), r.studyId(), r.siteId(), "expedited_report",
                Long.toString(e.id()), reason, reason));
    }

    public Optional<ExpeditedReport> reportFor(long formRecordId) {
        return jdbc.sql(SELECT + " where e.form_record_id = ?").param(formRecordId).query(this::map).optional();
    }

    /** The study's expedited reports, open ones first by deadline; {@code openOnly} hides submitted ones. */
    public List<ExpeditedReport> list(String studyId, boolean openOnly, Caller caller) {
        catalog.require(studyId);
        SiteScope scope = caller.scope(studyId, Permission.READ_SAFETY_FLAGS);
        return jdbc.sql(SELECT + """
                 where e.study_id = ? and (not ? or (e.submitted_at is null and e.cancelled_at is null)) and (cast(? as text[]) is null or e.site_id = any(?))
                 order by e.submitted_at nulls first, e.due_at
                """).params(studyId, openOnly, scope.sqlSites(), scope.sqlSites()).query(this::map).list();
    }

    @Transactional
    public ExpeditedReport submit(String studyId, long reportId, Caller caller) {
        catalog.require(studyId);
        String actor = caller.username();
        SiteScope scope = caller.scope(studyId, Permission.SUBMIT_EXPEDITED_REPORTS);
        ExpeditedReport report = jdbc.sql(SELECT + """
                 where e.study_id = ? and e.id = ? and (cast(? as text[]) is null or e.site_id = any(?)) for update of e
                """).params(studyId, reportId, scope.sqlSites(), scope.sqlSites())
                .query(this::map).optional()
                .orElseThrow(() -> new NotFoundException("no expedited report " + reportId + " in study " + studyId));
        if (report.cancelledAt() != null) {
            throw new ConflictException("expedited report " + reportId + " was cancelled: " + report.cancelReason());
        }
        if (report.submittedAt() != null) {
            throw new ConflictException("expedited report " + reportId + " was already submitted at " + report.submittedAt());
        }
        jdbc.sql("update expedited_report set submitted_at = ?, submitted_by = ? where id = ?")
                .params(java.sql.Timestamp.from(clock.instant()), actor, reportId).update();
        audit.record(AuditEvent.of(actor, AuditAction.of("SAE_SUBMITTED"), studyId, report.siteId(), "expedited_report",
                Long.toString(reportId), "submitted", null));
        return jdbc.sql(SELECT + " where e.id = ?").param(reportId).query(this::map).single();
    }

    private static final String SELECT = """
            select e.*, f.data ->> 'verbatim_term' as term from expedited_report e join form_record f on f.id = e.form_record_id
            """;

    private ExpeditedReport map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Instant due = rs.getTimestamp("due_at").toInstant();
        java.sql.Timestamp submitted = rs.getTimestamp("submitted_at");
        java.sql.Timestamp cancelled = rs.getTimestamp("cancelled_at");
        return new ExpeditedReport(rs.getLong("id"), rs.getString("study_id"), rs.getString("subject_id"), rs.getString("site_id"),
                rs.getLong("form_record_id"), rs.getString("term"), rs.getTimestamp("raised_at").toInstant(), due,
                submitted == null ? null : submitted.toInstant(), rs.getString("submitted_by"),
                cancelled == null ? null : cancelled.toInstant(), rs.getString("cancel_reason"),
                submitted == null && cancelled == null && clock.instant().isAfter(due));
    }
}
