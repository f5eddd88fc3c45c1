package org.harmonia.server.monitoring;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.harmonia.server.cli.HarmoniaVersion;
import org.harmonia.server.queries.DataQuery;
import org.harmonia.server.queries.QueryService;
import org.harmonia.server.queries.QueryStatus;
import org.harmonia.server.reports.Report;
import org.harmonia.server.reports.ReportBlock;
import org.harmonia.server.security.Caller;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Site;
import org.springframework.stereotype.Component;

/**
 * The monitoring visit report of a site, as a format-free {@link Report} for the HTML and PDF renderers: progress by
 * visit, what was verified in the period, verifications removed by later changes, the findings and the queries raised.
 */
@Component
public class MonitoringVisitReport {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final SdvService sdv;
    private final QueryService queries;

    public MonitoringVisitReport(SdvService sdv, QueryService queries) {
        this.sdv = sdv;
        this.queries = queries;
    }

    public Report build(String studyId, String siteId, Instant from, Instant to, Caller caller, Instant now) {
        Protocol protocol = sdv.requireSite(studyId, siteId, caller);
        Site site = protocol.subTrials().stream().flatMap(st -> st.sites().stream()).filter(s -> s.id().equals(siteId))
                .findFirst().orElseThrow();
        List<ReportBlock> blocks = new ArrayList<>();
        String period = (from == null ? "the start of the study" : WHEN.format(from)) + " to "
                + (to == null ? WHEN.format(now) : WHEN.format(to));
        blocks.add(new ReportBlock.Paragraph("Site " + siteId + ", " + site.name() + (site.city() == null ? "" : ", " + site.city())
                + ". Period: " + period + ". Plan: " + plan(protocol) + "."));

        blocks.add(new ReportBlock.Heading(1, "Verification by visit"));
        List<List<String>> progress = new ArrayList<>();
        for (Progress p : sdv.progress(studyId, caller)) {
            if (p.siteId().equals(siteId)) {
                progress.add(List.of(visit(protocol, p.visitId()), Integer.toString(p.records()), Integer.toString(p.selected()),
                        Integer.toString(p.verified()), Integer.toString(p.reverify()), p.percentVerified() + "%"));
            }
        }
        blocks.add(new ReportBlock.Table("progress", "Records saved, selected by the plan and verified, by visit (now)",
                List.of("Visit", "Saved", "Selected", "Verified", "To verify again", "Verified of selected"), progress, List.of()));

        List<Verification> verifications = sdv.atSite(studyId, siteId, from, to, caller);
        List<List<String>> verified = new ArrayList<>();
        List<List<String>> removed = new ArrayList<>();
        for (Verification v : verifications.stream().sorted(Comparator.comparing(Verification::verifiedAt)).toList()) {
            verified.add(List.of(v.subjectId(), visit(protocol, v.visitId()), form(protocol, v.formId()),
                    v.field() == null ? "whole record (" + v.scope().name().toLowerCase() + ")" : v.field(),
                    v.verifiedBy(), WHEN.format(v.verifiedAt()), v.live() ? "valid" : "removed"));
            if (!v.live()) {
                removed.add(List.of(v.subjectId(), visit(protocol, v.visitId()), form(protocol, v.formId()),
                        v.field() == null ? "whole record" : v.field(), v.removedBy(), WHEN.format(v.removedAt()),
                        v.removedReason() == Verification.RemovalReason.RECORD_VOIDED ? "record voided"
                                : "value changed (version " + v.removedVersion() + ")"));
            }
        }
        blocks.add(new ReportBlock.Heading(1, "Source data verified"));
        blocks.add(new ReportBlock.Table("verified", "Verifications made in the period",
                List.of("Subject", "Visit", "Form", "Field", "Verified by", "When", "Now"), verified, List.of()));
        blocks.add(new ReportBlock.Heading(1, "Verifications removed by later changes"));
        blocks.add(new ReportBlock.Table("removed", "A verified value changed or the record was voided",
                List.of("Subject", "Visit", "Form", "Field", "Changed by", "When", "Why"), removed, List.of()));

        List<List<String>> findings = new ArrayList<>();
        for (Finding f : sdv.findings(studyId, siteId, from, to, caller)) {
            findings.add(List.of(f.subjectId(), form(protocol, f.formId()), f.field() == null ? "" : f.field(), f.finding(),
                    f.recordedBy(), WHEN.format(f.recordedAt())));
        }
        blocks.add(new ReportBlock.Heading(1, "Findings"));
        blocks.add(new ReportBlock.Table("findings", "What the source showed otherwise",
                List.of("Subject", "Form", "Field", "Finding", "Recorded by", "When"), findings, List.of()));

        List<DataQuery> raised = new ArrayList<>(queries.bySite(studyId, siteId, null, caller));
        raised.addAll(queries.bySite(studyId, siteId, QueryStatus.CLOSED, caller));
        List<List<String>> queryRows = raised.stream()
                .filter(q -> (from == null || !q.raisedAt().isBefore(from)) && (to == null || q.raisedAt().isBefore(to)))
                .sorted(Comparator.comparing(DataQuery::raisedAt))
                .map(q -> List.of(Long.toString(q.id()), q.subjectId(), q.field(), q.question(), q.status().name().toLowerCase(),
                        q.raisedBy(), WHEN.format(q.raisedAt()))).toList();
        blocks.add(new ReportBlock.Heading(1, "Queries raised"));
        blocks.add(new ReportBlock.Table("queries", "Data queries raised at the site in the period",
                List.of("Query", "Subject", "Field", "Question", "Status", "Raised by", "When"), queryRows, List.of()));

        return new Report("Monitoring visit report: " + (protocol.acronym() == null ? studyId : protocol.acronym()) + ", site " + siteId,
                protocol.title(), blocks, "Generated " + WHEN.format(now) + " for " + caller.username() + " - Harmonia "
                + HarmoniaVersion.current());
    }

    private static String plan(Protocol protocol) {
        var p = protocol.sourceDataVerification();
        List<String> full = new ArrayList<>();
        p.fullVisits().forEach(v -> full.add("visit " + v));
        p.fullForms().forEach(f -> full.add("form " + f));
        p.fullEndpoints().forEach(e -> full.add("endpoint " + e));
        return (full.isEmpty() ? "nothing in full" : String.join(", ", full) + " in full") + ", " + p.samplePercent()
                + "% of the other records sampled";
    }

    static String visit(Protocol protocol, String visitId) {
        return visitId == null ? "(no visit)" : protocol.visit(visitId).map(v -> v.label()).orElse(visitId);
    }

    static String form(Protocol protocol, String formId) {
        return protocol.form(formId).map(f -> f.label()).orElse(formId);
    }
}
