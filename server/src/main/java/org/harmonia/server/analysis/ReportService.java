package org.harmonia.server.analysis;

import java.time.Clock;
import javax.sql.DataSource;
import org.harmonia.server.cli.HarmoniaVersion;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.reports.Report;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
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

    public ReportService(ProtocolCatalog catalog, DataSource dataSource, JsonMapper json, Clock clock) {
        this.catalog = catalog;
        this.dataSource = dataSource;
        this.json = json;
        this.clock = clock;
    }

    public Report report(String studyId, boolean unblinded, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        caller.require(studyId, unblinded ? Permission.READ_UNBLINDED_REPORTS : Permission.READ_BLINDED_REPORTS);
        if (unblinded && protocol.metaAnalysis() != null) {
            // the live trials' counts by group are their allocation: only for those unblinded in those trials too
            protocol.metaAnalysis().liveStudies().forEach(l -> caller.require(l.studyId(), Permission.READ_UNBLINDED_REPORTS));
        }
        return build(protocol, new SnapshotLoader(dataSource, json, clock), unblinded);
    }

    /**
     * The report computed from a database lock's stored snapshot, with the protocol version recorded by the lock: the
     * same bytes every time, whatever the live data have become since.
     */
    public Report reportAtLock(String studyId, boolean unblinded, long lockId, Caller caller) {
        catalog.require(studyId);
        caller.require(studyId, unblinded ? Permission.READ_UNBLINDED_REPORTS : Permission.READ_BLINDED_REPORTS);
        return buildAtLock(dataSource, new SnapshotLoader(dataSource, json, clock), studyId, lockId, unblinded)
                .orElseThrow(() -> new NotFoundException("no database lock " + lockId + " in study " + studyId));
    }

    /** The report at a database lock of the study, if there is one with that id; the command line uses it too. */
    public static java.util.Optional<Report> buildAtLock(DataSource dataSource, SnapshotLoader loader, String studyId, long lockId,
                                                         boolean unblinded) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        return jdbc.sql("""
                select l.id, l.name, l.locked_at, v.source from data_lock l
                join protocol_version v on v.study_id = l.study_id and v.version = l.protocol_version
                where l.study_id = ? and l.id = ? and l.scope = 'STUDY'
                """).params(studyId, lockId).query((rs, n) -> new Object[] {
                        new SnapshotLoader.DatabaseLock(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()), rs.getString(4)})
                .optional().map(row -> {
                    Protocol protocol = new ProtocolLoader().load(studyId + " (as stored)", (String) row[1]);
                    return build(protocol, loader, unblinded, (SnapshotLoader.DatabaseLock) row[0]);
                });
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
