package org.harmonia.server.analysis;

import java.time.Clock;
import javax.sql.DataSource;
import org.harmonia.server.cli.HarmoniaVersion;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.reports.Report;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.trial.protocol.Protocol;
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

    /** Builds a report from whatever database the loader reads; the command line uses it without the web application. */
    public static Report build(Protocol protocol, SnapshotLoader loader, boolean unblinded) {
        if (protocol.metaAnalysis() != null) {
            return new org.harmonia.server.metaanalysis.MetaAnalysisReport(protocol, loader, unblinded, HarmoniaVersion.current()).build();
        }
        TrialSnapshot snapshot = loader.load(protocol, unblinded);
        StudyAnalysis analysis = new StudyAnalysis(protocol, snapshot);
        return new ReportBuilder(protocol, analysis.run(), analysis, HarmoniaVersion.current()).build();
    }
}
