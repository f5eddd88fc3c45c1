package org.harmonia.server.analysis;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.harmonia.server.audit.AuditEvent;
import org.harmonia.server.audit.AuditAction;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.cli.HarmoniaVersion;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.reports.ChartRenderer;
import org.harmonia.server.reports.HtmlReportRenderer;
import org.harmonia.server.reports.PdfReportRenderer;
import org.harmonia.server.reports.Report;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.ForbiddenException;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.trial.protocol.Protocol;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The study report on live data: blinded (everyone on the study team, pooled over arms) or unblinded
 * (unblinded statistician and DSMB only). The blinded report is computed from a snapshot without any
 * allocation, so it cannot show one.
 */
@Service
public class ReportService {
    private final ProtocolCatalog catalog;
    private final DataSource dataSource;
    private final JsonMapper json;
    private final Clock clock;
    private final JdbcClient jdbc;
    private final GeneratedReportRepository generated;
    private final AuditTrail audit;
    private final TransactionTemplate tx;

    public ReportService(ProtocolCatalog catalog, DataSource dataSource, JsonMapper json, Clock clock, JdbcClient jdbc,
                         AuditTrail audit, TransactionTemplate tx) {
        this.catalog = catalog;
        this.dataSource = dataSource;
        this.json = json;
        this.clock = clock;
        this.jdbc = jdbc;
        this.generated = new GeneratedReportRepository(jdbc);
        this.audit = audit;
        this.tx = tx;
    }

    /**
     * A report generated and recorded: its content, the bytes of both formats, the record of the past reports list, and
     * the renderer that drew its charts.
     */
    public record Generation(Report report, byte[] html, byte[] pdf, GeneratedReport record, ChartRenderer charts) {
        /** The report as an element of a page ({@link HtmlReportRenderer#renderEmbedded}), its charts those of the files. */
        public String embeddedHtml() {
            return new HtmlReportRenderer(charts).renderEmbedded(report);
        }
    }

    /** The outcome of generating a past report on a lock again: the original record, the new one, and whether they agree. */
    public record Reproduction(GeneratedReport original, GeneratedReport again, boolean reproduces) {
    }

    /**
     * Generates the report (live, or on the snapshot of database lock {@code lockId}) in both formats and records it with
     * the SHA-256 of each, audited; the permissions are those of {@link #report} and {@link #reportAtLock}.
     */
    public Generation generate(String studyId, GeneratedReport.Kind kind, Long lockId, GeneratedReport.Channel channel,
                               Caller caller) {
        Report report = lockId == null ? report(studyId, kind.unblinded(), caller) : reportAtLock(studyId, kind.unblinded(), lockId, caller);
        return renderAndRecord(tx, generated, audit, studyId, kind, lockId, channel, null, report, caller.username());
    }

    /** The study's past reports the caller may read: blinded ones with the blinded permission, unblinded with the unblinded. */
    public List<GeneratedReport> past(String studyId, Caller caller) {
        catalog.require(studyId);
        return generated.list(studyId, readableKinds(studyId, caller));
    }

    /** One past report; an unblinded one is not found for a blinded caller, exactly as one that does not exist. */
    public GeneratedReport pastReport(String studyId, long reportId, Caller caller) {
        catalog.require(studyId);
        return generated.find(studyId, reportId, readableKinds(studyId, caller))
                .orElseThrow(() -> new NotFoundException("no report " + reportId + " in study " + studyId));
    }

    /**
     * Generates a past report on a database lock again, records the new one, and compares the SHA-256 of both formats;
     * a report on live data cannot be generated again (409): the data it read have changed since.
     */
    public Reproduction reproduce(String studyId, long reportId, GeneratedReport.Channel channel, Caller caller) {
        GeneratedReport original = pastReport(studyId, reportId, caller);
        if (!original.reproducible()) {
            throw new ConflictException("report " + reportId + " was generated on the live data of its day, which change: only a "
                    + "report on a database lock's snapshot can be generated again");
        }
        Report report = reportAtLock(studyId, original.kind().unblinded(), original.lockId(), caller);
        GeneratedReport again = renderAndRecord(tx, generated, audit, studyId, original.kind(), original.lockId(), channel,
                original.id(), report, caller.username()).record();
        return new Reproduction(original, again, again.htmlSha256().equals(original.htmlSha256())
                && again.pdfSha256().equals(original.pdfSha256()));
    }

    /** A database lock whose snapshot a report can be generated on. */
    public record Snapshot(long lockId, String name, java.time.Instant takenAt) {
    }

    /**
     * The study's database locks, newest first, to generate a report on: for whoever may read a report, since every report
     * on a lock names it anyway (the locks themselves are listed only for the roles that read locks).
     */
    public List<Snapshot> snapshots(String studyId, Caller caller) {
        catalog.require(studyId);
        readableKinds(studyId, caller);
        return jdbc.sql("""
                select id, name, locked_at from data_lock where study_id = ? and scope = 'STUDY' order by id desc
                """).param(studyId).query((rs, n) -> new Snapshot(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant())).list();
    }

    /** The kinds of report the caller may read, i.e. the sessions they may attend, blinded first; 403 for none. */
    public Set<GeneratedReport.Kind> readableKinds(String studyId, Caller caller) {
        Set<GeneratedReport.Kind> kinds = EnumSet.noneOf(GeneratedReport.Kind.class);
        if (caller.has(studyId, Permission.READ_BLINDED_REPORTS)) {
            kinds.add(GeneratedReport.Kind.BLINDED);
        }
        if (caller.has(studyId, Permission.READ_UNBLINDED_REPORTS)) {
            kinds.add(GeneratedReport.Kind.UNBLINDED);
        }
        if (kinds.isEmpty()) {
            throw new ForbiddenException(caller.username() + " may not read reports in study " + studyId);
        }
        return kinds;
    }

    /**
     * Renders the report in both formats, each chart drawn once, then records it in a transaction of its own (none is open
     * while the PDF is rendered); the command line uses it too.
     */
    static Generation renderAndRecord(TransactionTemplate tx, GeneratedReportRepository generated, AuditTrail audit,
                                      String studyId, GeneratedReport.Kind kind, Long lockId, GeneratedReport.Channel channel,
                                      Long reproducesId, Report report, String actor) {
        ChartRenderer charts = ChartRenderer.remembering();
        byte[] html = new HtmlReportRenderer(charts).renderBytes(report);
        byte[] pdf = new PdfReportRenderer(charts).render(report);
        GeneratedReport record = tx.execute(status -> recordGeneration(generated, audit, studyId, kind, lockId, channel, reproducesId,
                html, pdf, actor));
        return new Generation(report, html, pdf, record, charts);
    }

    /**
     * Writes the record of a generated report and its audit row, in the caller's transaction. The audit row says who generated which kind on which data, never the hashes: an unblinded report's hash could
     * confirm a guessed allocation to a blinded reader of the audit trail.
     */
    private static GeneratedReport recordGeneration(GeneratedReportRepository generated, AuditTrail audit, String studyId,
                                            GeneratedReport.Kind kind, Long lockId, GeneratedReport.Channel channel,
                                            Long reproducesId, byte[] html, byte[] pdf, String actor) {
        GeneratedReport record = generated.insert(studyId, kind, lockId, sha256(html), sha256(pdf), HarmoniaVersion.current(),
                channel, reproducesId, actor);
        audit.record(new AuditEvent(actor, AuditAction.of("REPORT_GENERATED"), studyId, null, "generated_report",
                Long.toString(record.id()), null, null, kind.word() + " report on " + (lockId == null ? "live data"
                : "database lock " + lockId) + (reproducesId == null ? "" : ", generated again from report " + reproducesId)
                + " (" + channel.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")", null));
        return record;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public Report report(String studyId, boolean unblinded, Caller caller) {
        Protocol protocol = requireReport(studyId, unblinded, caller);
        return build(protocol, new SnapshotLoader(dataSource, json, clock), unblinded);
    }

    /**
     * The report computed from a database lock's stored snapshot, with the protocol version recorded by the lock: the
     * same bytes every time, whatever the live data have become since.
     */
    public Report reportAtLock(String studyId, boolean unblinded, long lockId, Caller caller) {
        requireReport(studyId, unblinded, caller);
        return buildAtLock(dataSource, new SnapshotLoader(dataSource, json, clock), studyId, lockId, unblinded)
                .orElseThrow(() -> new NotFoundException("no database lock " + lockId + " in study " + studyId));
    }

    /**
     * The study's protocol, if the caller may read its report of that kind; an unblinded meta-analysis also needs the
     * unblinded permission in each live trial it pools, on live data and on a lock alike (it reads those trials live).
     */
    private Protocol requireReport(String studyId, boolean unblinded, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        caller.require(studyId, unblinded ? Permission.READ_UNBLINDED_REPORTS : Permission.READ_BLINDED_REPORTS);
        if (unblinded && protocol.metaAnalysis() != null) {
            // the live trials' counts by group are their allocation: only for those unblinded in those trials too
            protocol.metaAnalysis().liveStudies().forEach(l -> caller.require(l.studyId(), Permission.READ_UNBLINDED_REPORTS));
        }
        return protocol;
    }

    /** The report at a database lock of the study, if there is one with that id; the command line uses it too. */
    public static java.util.Optional<Report> buildAtLock(DataSource dataSource, SnapshotLoader loader, String studyId, long lockId,
                                                         boolean unblinded) {
        return SnapshotLoader.LockedProtocol.find(dataSource, studyId, lockId)
                .map(locked -> build(locked.protocol(), loader, unblinded, locked.lock()));
    }

    /** Builds a report from whatever database the loader reads; the command line uses it without the web application. */
    public static Report build(Protocol protocol, SnapshotLoader loader, boolean unblinded) {
        return build(protocol, loader, unblinded, null);
    }

    private static Report build(Protocol protocol, SnapshotLoader loader, boolean unblinded, SnapshotLoader.DatabaseLock lock) {
        if (protocol.metaAnalysis() != null) {
            // a meta-analysis pools included trials; a database lock of a meta-analysis has no trial snapshot to read
            return new org.harmonia.server.metaanalysis.MetaAnalysisReport(protocol, loader, unblinded, HarmoniaVersion.current()).build();
        }
        TrialSnapshot snapshot = loader.load(protocol, unblinded, lock);
        if (protocol.design().type() == org.harmonia.trial.protocol.DesignType.SINGLE_ARM) {
            // one arm, nobody allocated: the single-arm report from the plan's own analyses
            return new org.harmonia.server.openlabel.OpenLabelReport(protocol, snapshot, HarmoniaVersion.current()).build();
        }
        if (org.harmonia.server.survival.SurvivalStudyReport.applies(protocol)) {
            return new org.harmonia.server.survival.SurvivalStudyReport(protocol, snapshot, HarmoniaVersion.current()).build();
        }
        StudyAnalysis analysis = new StudyAnalysis(protocol, snapshot);
        return new ReportBuilder(protocol, analysis.run(), analysis, HarmoniaVersion.current()).build();
    }
}
