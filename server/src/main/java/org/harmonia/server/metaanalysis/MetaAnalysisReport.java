package org.harmonia.server.metaanalysis;

import static org.harmonia.server.reports.ReportNumbers.fmt;
import static org.harmonia.server.reports.ReportNumbers.p;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.harmonia.server.analysis.SnapshotLoader;
import org.harmonia.server.reports.Report;
import org.harmonia.server.reports.ReportBlock;
import org.harmonia.server.reports.ReportBlock.Chart;
import org.harmonia.server.reports.ReportBlock.ChartKind;
import org.harmonia.server.reports.ReportBlock.Heading;
import org.harmonia.server.reports.ReportBlock.Paragraph;
import org.harmonia.server.reports.ReportBlock.Point;
import org.harmonia.server.reports.ReportBlock.Series;
import org.harmonia.server.reports.ReportBlock.Table;
import org.harmonia.stats.StatsException;
import org.harmonia.stats.meta.Coefficient;
import org.harmonia.stats.meta.DesignMatrix;
import org.harmonia.stats.meta.EffectMeasure;
import org.harmonia.stats.meta.Escalc;
import org.harmonia.stats.meta.MetaAnalysis;
import org.harmonia.stats.meta.MetaAnalysisResult;
import org.harmonia.stats.meta.MetaData;
import org.harmonia.stats.meta.MetaMethod;
import org.harmonia.stats.meta.MetaSpec;
import org.harmonia.stats.meta.MetaTest;
import org.harmonia.stats.meta.Rma;
import org.harmonia.stats.meta.RmaFit;
import org.harmonia.stats.meta.Study;
import org.harmonia.stats.meta.StudyEffect;
import org.harmonia.stats.meta.TwoByTwo;
import org.harmonia.trial.protocol.MetaAnalysisPlan;
import org.harmonia.trial.protocol.Protocol;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report of a meta-analysis study, from its recorded included trials and, in the unblinded report only, the live data
 * of the trials run in Harmonia that join it (their counts by group are allocation information). The published set is
 * always analysed on its own, so the reproduced figures stay those of the included trials.
 */
public final class MetaAnalysisReport {
    private final Protocol protocol;
    private final MetaAnalysisPlan plan;
    private final SnapshotLoader loader;
    private final boolean unblinded;
    private final String version;

    public MetaAnalysisReport(Protocol protocol, SnapshotLoader loader, boolean unblinded, String version) {
        this.protocol = protocol;
        this.plan = protocol.metaAnalysis();
        this.loader = loader;
        this.unblinded = unblinded;
        this.version = version;
    }

    public Report build() {
        List<IncludedTrial> included = new IncludedTrialRepository(
                org.springframework.jdbc.core.simple.JdbcClient.create(loader.dataSource()), JsonMapper.builder().build())
                .list(protocol.id());
        List<IncludedTrial> live = new ArrayList<>();
        if (unblinded) {
            for (MetaAnalysisPlan.LiveStudy l : plan.liveStudies()) {
                LiveStudyCounts.count(plan, l, loader).ifPresent(live::add);
            }
        }
        List<ReportBlock> blocks = new ArrayList<>();
        int patients = included.stream().mapToInt(IncludedTrial::patients).sum();
        blocks.add(new Heading(1, "Included trials"));
        blocks.add(new Paragraph(included.size() + " randomised controlled trials, " + patients + " patients. Outcome: participants with "
                + plan.outcome().toLowerCase(Locale.ROOT) + "; " + plan.method() + " random-effects " + plan.measure()
                + ", " + fmt(plan.zeroCellCorrection(), 1) + " added to every cell of a trial with a zero cell."));
        if (included.size() < 2) {
            blocks.add(new Paragraph("Fewer than two included trials are recorded: nothing to pool yet."));
            return report(blocks);
        }
        MetaAnalysisResult published = analyse(included, false, true);
        blocks.add(trialsTable("included-trials", included, published));
        blocks.add(forest("forest", "Forest plot: " + plan.outcome() + ", risk ratio MSC vs control", published));
        blocks.add(pooledTable("pooled", "Pooled risk ratio, " + plan.outcome(), List.of(
                row("Included trials (" + included.size() + ")", included, published))));
        if (published.egger() != null) {
            var e = published.egger();
            blocks.add(new Table("egger", "Egger's regression test for funnel-plot asymmetry", List.of("Test", "z", "p"),
                    List.of(List.of("Egger (standard error as predictor)", fmt(e.statistic(), 3), p(e.p()))),
                    List.of("metafor regtest(model = \"rma\", predictor = \"sei\")")));
        }
        blocks.add(funnel(published));
        blocks.add(regressionTable(included));
        blocks.add(new Heading(1, "With Harmonia's live trials"));
        if (!unblinded) {
            blocks.add(new Paragraph("Trials run in Harmonia (" + String.join(", ", plan.liveStudies().stream()
                    .map(MetaAnalysisPlan.LiveStudy::studyId).toList()) + ") join this meta-analysis from their live data in the "
                    + "unblinded report only: their counts by group would show the allocation."));
        } else if (live.isEmpty()) {
            blocks.add(new Paragraph("No live trial has randomised participants in both groups yet."));
        } else {
            List<IncludedTrial> all = new ArrayList<>(included);
            all.addAll(live);
            MetaAnalysisResult withLive = analyse(all, false, false);
            blocks.add(trialsTable("live-trials", live, null));
            plan.liveStudies().stream().filter(l -> l.note() != null)
                    .forEach(l -> blocks.add(new Paragraph(l.label() + ": " + l.note() + ".")));
            blocks.add(forest("forest-with-live", "Forest plot with the live trials (marked \"live\")", withLive));
            blocks.add(pooledTable("pooled-with-live", "Pooled risk ratio with the live trials, " + plan.outcome(), List.of(
                    row("Included trials (" + included.size() + ")", included, published),
                    row("With live trials (" + all.size() + ")", all, withLive))));
        }
        return report(blocks);
    }

    private Report report(List<ReportBlock> blocks) {
        return new Report(protocol.acronym() == null ? protocol.id() : protocol.acronym(), protocol.title(), blocks,
                "study " + protocol.id() + " version " + protocol.version() + ", data of "
                        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + (unblinded ? " (unblinded)" : " (blinded)")
                        + " - Harmonia " + version);
    }

    private MetaAnalysisResult analyse(List<IncludedTrial> trials, boolean anyAe, boolean egger) {
        List<Study> studies = studies(trials, anyAe);
        return MetaAnalysis.run(new MetaData(protocol.id(), EffectMeasure.parse(plan.measure()), studies, List.of()),
                new MetaSpec(EffectMeasure.parse(plan.measure()), MetaMethod.parse(plan.method()), MetaTest.Z, List.of(), null,
                        egger && plan.egger() && studies.size() >= 3));
    }

    private List<Study> studies(List<IncludedTrial> trials, boolean anyAe) {
        EffectMeasure measure = EffectMeasure.parse(plan.measure());
        List<Study> out = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            IncludedTrial t = trials.get(i);
            int a = anyAe ? t.experimentalAnyAe() : t.experimentalEvents();
            int c = anyAe ? t.controlAnyAe() : t.controlEvents();
            TwoByTwo table = new TwoByTwo(a, t.experimentalTotal() - a, c, t.controlTotal() - c);
            out.add(new Study(i + 1, label(t), table, Escalc.compute(measure, table), Map.copyOf(t.moderators())));
        }
        return out;
    }

    private String label(IncludedTrial t) {
        return plan.liveStudies().stream().anyMatch(l -> l.studyId().equals(t.id())) ? t.label() + " [live]" : t.label();
    }

    private Table trialsTable(String id, List<IncludedTrial> trials, MetaAnalysisResult result) {
        List<String> header = new ArrayList<>(List.of("Trial"));
        plan.moderators().forEach(m -> header.add(m.label()));
        header.addAll(List.of("MSC events/N", "Control events/N", "MSC any AE", "Control any AE", "RR (95% CI)", "Weight %"));
        List<List<String>> rows = new ArrayList<>();
        List<Study> studies = studies(trials, false);
        for (int i = 0; i < trials.size(); i++) {
            IncludedTrial t = trials.get(i);
            List<String> r = new ArrayList<>(List.of(label(t)));
            plan.moderators().forEach(m -> r.add(t.moderators().getOrDefault(m.id(), "")));
            r.add(t.experimentalEvents() + "/" + t.experimentalTotal());
            r.add(t.controlEvents() + "/" + t.controlTotal());
            r.add(t.experimentalAnyAe() == null ? "" : t.experimentalAnyAe() + "/" + t.experimentalTotal());
            r.add(t.controlAnyAe() == null ? "" : t.controlAnyAe() + "/" + t.controlTotal());
            var e = studies.get(i).effect();
            double half = 1.959963984540054 * Math.sqrt(e.vi());
            r.add(fmt(Math.exp(e.yi()), 2) + " (" + fmt(Math.exp(e.yi() - half), 2) + " to " + fmt(Math.exp(e.yi() + half), 2) + ")");
            r.add(result == null ? "" : fmt(result.studies().get(i).weight(), 1));
            rows.add(r);
        }
        return new Table(id, id.equals("live-trials") ? "Live trials: counts from the study's own data" : "Included trials",
                header, rows, List.of("Source of each row: " + String.join("; ", trials.stream().map(IncludedTrial::source)
                .distinct().toList())));
    }

    private List<String> row(String label, List<IncludedTrial> trials, MetaAnalysisResult r) {
        var p = r.pooled();
        var h = r.heterogeneity();
        return List.of(label, Integer.toString(trials.size()), Integer.toString(trials.stream().mapToInt(IncludedTrial::patients).sum()),
                fmt(p.expEstimate(), 2), fmt(p.expCiLow(), 2) + " to " + fmt(p.expCiHigh(), 2), p(p.p()),
                fmt(h.q(), 2) + " (df " + h.df() + ")", fmt(h.i2(), 0) + "%", fmt(h.tau2(), 4));
    }

    private Table pooledTable(String id, String caption, List<List<String>> rows) {
        return new Table(id, caption, List.of("Set", "Trials", "Patients", "RR", "95% CI", "p", "Q", "I²", "tau²"), rows,
                List.of(plan.method() + " random effects (metafor rma, method = \"" + plan.method() + "\"); reference r/msc_it_safety.R"));
    }

    private Chart forest(String id, String caption, MetaAnalysisResult r) {
        List<Point> points = new ArrayList<>();
        for (StudyEffect e : r.studies()) {
            points.add(Point.forest(e.study(), e.expYi(), e.expCiLow(), e.expCiHigh()));
        }
        points.add(Point.forest("Pooled (" + plan.method() + ")", r.pooled().expEstimate(), r.pooled().expCiLow(),
                r.pooled().expCiHigh()));
        return new Chart(id, caption, ChartKind.FOREST, "Risk ratio (log scale)", "", List.of(new Series("RR", points)),
                List.of("Squares: trials; the last row is the pooled estimate."));
    }

    private Chart funnel(MetaAnalysisResult r) {
        List<Point> trials = new ArrayList<>();
        double maxSe = 0;
        for (StudyEffect e : r.studies()) {
            double se = Math.sqrt(e.vi());
            maxSe = Math.max(maxSe, se);
            trials.add(new Point(e.study(), e.yi(), se, null, null));
        }
        double mu = r.pooled().estimate();
        double top = maxSe * 1.1;
        return new Chart("funnel", "Funnel plot: log risk ratio against its standard error", ChartKind.FUNNEL, "log risk ratio",
                "standard error", List.of(new Series("trials", trials),
                new Series("pooled estimate", List.of(Point.xy(mu, 0), Point.xy(mu, top))),
                new Series("pseudo 95% limits", List.of(Point.xy(mu - 1.96 * top, top), Point.xy(mu, 0))),
                new Series("pseudo 95% limits ", List.of(Point.xy(mu, 0), Point.xy(mu + 1.96 * top, top)))),
                List.of("Trials outside the pseudo-confidence lines, or a lopsided funnel, suggest small-study effects."));
    }

    /** One random-effects meta-regression per moderator marked for it, on participants with any adverse event. */
    private Table regressionTable(List<IncludedTrial> trials) {
        boolean anyAe = trials.stream().allMatch(t -> t.experimentalAnyAe() != null && t.controlAnyAe() != null);
        List<Study> studies = studies(trials, anyAe);
        double[] yi = studies.stream().mapToDouble(s -> s.effect().yi()).toArray();
        double[] vi = studies.stream().mapToDouble(s -> s.effect().vi()).toArray();
        List<List<String>> rows = new ArrayList<>();
        for (MetaAnalysisPlan.Moderator m : plan.moderators()) {
            if (!m.regression()) {
                continue;
            }
            String level = m.levels().get(1);
            double[] x = trials.stream().mapToDouble(t -> level.equals(t.moderators().get(m.id())) ? 1 : 0).toArray();
            try {
                RmaFit fit = Rma.fit(yi, vi, DesignMatrix.interceptOnly(trials.size()).withColumn(m.id() + level, x),
                        MetaMethod.parse(plan.method()), MetaTest.Z);
                Coefficient c = fit.coefficients().get(1);
                rows.add(List.of(m.label(), level + " vs " + m.reference(), Integer.toString(fit.k()), fmt(Math.exp(c.estimate()), 3),
                        fmt(Math.exp(c.ciLow()), 3) + " to " + fmt(Math.exp(c.ciHigh()), 3), p(c.p()),
                        fmt(fit.heterogeneity().tau2(), 4)));
            } catch (StatsException | IllegalArgumentException e) {
                rows.add(List.of(m.label(), level + " vs " + m.reference(), Integer.toString(trials.size()), "", "", "",
                        "not estimable: " + e.getMessage()));
            }
        }
        return new Table("meta-regression", "Random-effects meta-regression, one moderator at a time, on participants with "
                + (anyAe ? "any adverse event" : plan.outcome().toLowerCase(Locale.ROOT)),
                List.of("Moderator", "Comparison", "Trials", "RR", "95% CI", "p", "tau²"), rows,
                List.of(plan.method() + " mixed-effects model (metafor rma with mods, method = \"" + plan.method() + "\")"));
    }
}
