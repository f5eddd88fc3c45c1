package org.harmonia.server.analysis;

import static org.harmonia.server.reports.ReportNumbers.fmt;
import static org.harmonia.server.reports.ReportNumbers.p;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.harmonia.server.analysis.StudyResults.AeRow;
import org.harmonia.server.analysis.StudyResults.ChangeRow;
import org.harmonia.server.analysis.StudyResults.Consort;
import org.harmonia.server.analysis.StudyResults.Efficacy;
import org.harmonia.server.analysis.StudyResults.ForestRow;
import org.harmonia.server.analysis.StudyResults.SaeLine;
import org.harmonia.server.analysis.StudyResults.TableRow;
import org.harmonia.server.analysis.StudyResults.VisitMean;
import org.harmonia.server.reports.Report;
import org.harmonia.server.reports.ReportBlock;
import org.harmonia.server.reports.ReportBlock.Chart;
import org.harmonia.server.reports.ReportBlock.ChartKind;
import org.harmonia.server.reports.ReportBlock.Heading;
import org.harmonia.server.reports.ReportBlock.Paragraph;
import org.harmonia.server.reports.ReportBlock.Point;
import org.harmonia.server.reports.ReportBlock.Series;
import org.harmonia.server.reports.ReportBlock.Table;
import org.harmonia.stats.glm.Inference;
import org.harmonia.trial.protocol.Protocol;

/**
 * Turns the results of the analysis plan into a report: the tables and charts of a trial publication,
 * each with the footnote of the data snapshot and Harmonia version that produced it. The blinded report
 * is built from a blinded snapshot, so it has nothing by arm to show.
 */
public final class ReportBuilder {
    private final Protocol protocol;
    private final StudyResults results;
    private final StudyAnalysis analysis;
    private final String version;
    private final List<String> provenance;

    public ReportBuilder(Protocol protocol, StudyResults results, StudyAnalysis analysis, String harmoniaVersion) {
        this.protocol = protocol;
        this.results = results;
        this.analysis = analysis;
        this.version = harmoniaVersion;
        this.provenance = List.of("Source: " + results.snapshot().describe() + "; Harmonia " + harmoniaVersion + ".");
    }

    public Report build() {
        boolean unblinded = results.snapshot().unblinded();
        List<ReportBlock> blocks = new ArrayList<>();
        blocks.add(new Paragraph(unblinded
                ? "UNBLINDED. For the unblinded statistician and the DSMB only. Groups are the randomised sequences."
                : "Blinded report: every figure is pooled over the randomised sequences."));
        AnalysisCutoff cutoff = results.snapshot().cutoff();
        blocks.add(new Paragraph(cutoff == null
                ? "Analysis data cut-off: none set. Every subject in the database is analysed." : cutoff.methods()));
        blocks.add(new Heading(1, "1. Patient flow"));
        blocks.add(consortTable(results.consort()));
        blocks.add(new Heading(1, "2. Baseline characteristics of the randomised patients"));
        blocks.add(table("baseline", "Table 1. Baseline characteristics", header("Characteristic"),
                results.baseline().stream().map(r -> cells(r.label(), r.cells())).toList(), List.of()));
        blocks.add(new Heading(1, "3. Primary efficacy"));
        blocks.addAll(primary(results.primary()));
        blocks.add(chart("gel-by-visit", "Mean gadolinium-enhancing lesions per MRI visit (+/- SE), full analysis set",
                "week", "GELs per scan", results.gelByVisit()));
        if (unblinded && !results.forest().isEmpty()) {
            blocks.add(forest(results.forest()));
        }
        blocks.add(new Heading(1, "4. Safety"));
        blocks.addAll(safety(results.safety()));
        blocks.add(new Heading(1, "5. Secondary analyses"));
        blocks.addAll(secondary());
        blocks.add(chart("edss-by-visit", "Mean EDSS per visit (+/- SE), full analysis set", "week", "EDSS", results.edssByVisit()));
        if (cutoff != null) {
            blocks.add(new Heading(1, "6. Subjects after the analysis cut-off (not analysed)"));
            blocks.add(afterCutoff(cutoff, results.snapshot().afterCutoff()));
        }
        String title = (protocol.acronym() == null ? protocol.id() : protocol.acronym())
                + (unblinded ? " - unblinded report" : " - blinded study report");
        return new Report(title, protocol.title(), blocks, results.snapshot().describe() + " - Harmonia " + version);
    }

    /** The later subjects one by one: status and dates only, never a sequence, so the blinded report can show it as well. */
    private Table afterCutoff(AnalysisCutoff cutoff, List<TrialSnapshot.LaterSubject> later) {
        List<List<String>> rows = new ArrayList<>();
        for (TrialSnapshot.LaterSubject s : later) {
            rows.add(List.of(s.id(), s.siteId(), s.status().label(), nz(s.screeningDate() == null ? null : s.screeningDate().toString()),
                    nz(s.dayZero() == null ? null : s.dayZero().toString())));
        }
        return table("after-cutoff", "Subjects screened or starting the study after the analysis cut-off " + cutoff.date() + " ("
                + later.size() + ")", List.of("Subject", "Site", "Status", "Screened", "Day 0"), rows,
                List.of("Counted in the patient flow, not analysed; their data are in the database and in the next analysis "
                        + "whose cut-off includes them."));
    }

    private Table consortTable(Consort c) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(single("Screened", c.screened()));
        rows.add(single("Screen failures", c.screenFailures()));
        c.failureReasons().forEach((reason, n) -> rows.add(single("   failed " + reason, n)));
        rows.add(single("Still in screening", c.stillScreening()));
        rows.add(single("Eligible, not yet enrolled", c.eligibleNotEnrolled()));
        rows.add(single("Enrolled (consented, day 0 set)", c.enrolled()));
        rows.add(grouped("Randomised", c.randomised()));
        rows.add(grouped("Received study treatment", c.treated()));
        rows.add(grouped("Completed the study", c.completed()));
        rows.add(grouped("Withdrawn", c.withdrawn()));
        c.withdrawalReasons().forEach((reason, n) -> rows.add(single("   withdrawn: " + reason, n)));
        rows.add(grouped("Full analysis set", c.fullAnalysisSet()));
        rows.add(grouped("Safety set", c.safetySet()));
        AnalysisCutoff cutoff = results.snapshot().cutoff();
        if (cutoff != null) {
            List<TrialSnapshot.LaterSubject> later = results.snapshot().afterCutoff();
            rows.add(single("After the analysis cut-off " + cutoff.date() + " (not analysed): screened", later.size()));
            rows.add(single("   of whom randomised", (int) later.stream().filter(TrialSnapshot.LaterSubject::randomised).count()));
        }
        return table("consort", "CONSORT flow of patients", header("Stage"), rows, List.of());
    }

    private List<String> single(String label, int n) {
        List<String> row = new ArrayList<>();
        row.add(label);
        for (int i = 0; i < results.groups().size() - (results.snapshot().unblinded() ? 0 : 1); i++) {
            row.add("");
        }
        row.add(Integer.toString(n));
        return row;
    }

    private List<String> grouped(String label, Map<String, Integer> byGroup) {
        List<String> row = new ArrayList<>();
        row.add(label);
        if (results.snapshot().unblinded()) {
            results.groups().forEach(g -> row.add(Integer.toString(byGroup.getOrDefault(g, 0))));
        }
        row.add(Integer.toString(byGroup.values().stream().mapToInt(Integer::intValue).sum()));
        return row;
    }

    private List<String> header(String first) {
        List<String> h = new ArrayList<>();
        h.add(first);
        if (results.snapshot().unblinded()) {
            results.groups().forEach(g -> h.add(analysis.label(g)));
        }
        h.add(results.snapshot().unblinded() ? "Total" : "All patients");
        return h;
    }

    private List<ReportBlock> primary(Efficacy e) {
        List<ReportBlock> out = new ArrayList<>();
        if (e == null) {
            out.add(new Paragraph("The protocol declares no negative binomial primary analysis."));
            return out;
        }
        out.add(new Paragraph(e.label() + ", in the " + e.population() + "."));
        List<List<String>> rows = new ArrayList<>();
        rows.add(grouped("Patients analysed", e.nByGroup()));
        List<String> means = new ArrayList<>();
        means.add("Mean total GELs per patient");
        e.meanByGroup().values().forEach(m -> means.add(num(m, 2)));
        if (results.snapshot().unblinded()) {
            means.add("");
        }
        rows.add(means);
        out.add(table("primary-summary", "Primary endpoint by group", header(""), rows, List.of()));
        if (e.simulated() != null) {
            StudyResults.SimulatedLevel s = e.simulated();
            out.add(new Paragraph(String.format(Locale.ROOT, "Simulated operating characteristics of the planned test (%s): "
                    + "type I error %.3f (95%% CI %.3f to %.3f) at a true rate ratio of 1 and power %.2f at a rate ratio of %s, "
                    + "each from %d trials simulated under the protocol (%s; seed %d; harmonia simulate, docs/simulation.md).",
                    e.inference().label(), s.typeIError(), s.typeIErrorCiLow(), s.typeIErrorCiHigh(), s.power(),
                    num(s.rateRatio(), 1), s.trials(), s.assumptions(), s.seed())));
        }
        if (!results.snapshot().unblinded()) {
            out.add(new Paragraph("The comparison between the randomised sequences is in the unblinded report only."));
            return out;
        }
        List<List<String>> result = new ArrayList<>();
        if (e.notEstimable() != null) {
            result.add(List.of(e.comparison(), "not estimable", e.notEstimable(), "", ""));
        } else {
            result.add(List.of(e.comparison(), num(e.rateRatio(), 2), num(e.ciLow(), 2) + " to " + num(e.ciHigh(), 2),
                    p(e.p()), num(e.theta(), 3)));
        }
        out.add(table("primary-result", "Primary efficacy result: rate ratio of total GELs (negative binomial regression)",
                List.of("Comparison", "Rate ratio", "95% CI", "p", "theta"), result,
                List.of("Model: " + e.formula() + " (negative binomial NB2, log link, as MASS::glm.nb), in the "
                        + e.population() + "; sequence reference: " + analysis.label(results.groups().stream()
                        .filter(g -> !e.comparison().startsWith(analysis.label(g))).findFirst().orElse("")) + "; " + testSentence(e.inference()) + " "
                        + "y is the sum of the GEL counts of the scans done, scans their number."
                        + (e.rerandomisation() == null ? "" : String.format(Locale.ROOT, " Re-randomisation p = %s (Monte Carlo SE %.4f; "
                        + "%d of %d re-randomisations at least as extreme; score statistic %.4f, asymptotic p %s).",
                        p(e.rerandomisation().p()), e.rerandomisation().monteCarloSe(), e.rerandomisation().atLeastAsExtreme(),
                        e.rerandomisation().rerandomisations(), e.rerandomisation().statistic(), p(e.rerandomisation().scoreP()))))));
        return out;
    }

    /** How the plan's test formed the p-value and interval, in one sentence of the methods text. */
    static String testSentence(Inference inference) {
        return switch (inference.test()) {
            case RERANDOMISATION -> "re-randomisation test: the protocol's allocation procedure re-run "
                    + String.format(Locale.ROOT, "%,d", inference.rerandomisations()) + " times (seed " + inference.seed()
                    + ") over the randomised patients in their order of randomisation, the score statistic of the model without "
                    + "sequence compared with its re-randomisation distribution; Wald 95% CI.";
            case WALD -> "Wald 95% CI.";
            case LRT -> "likelihood-ratio test (the model refitted without sequence, each with its own theta) and "
                    + "95% profile-likelihood CI (theta held at its estimate).";
            case ROBUST -> "Wald test and 95% CI with robust (sandwich, "
                    + inference.robustType().label().toUpperCase(Locale.ROOT) + ") standard errors.";
        };
    }

    private Chart forest(List<ForestRow> rows) {
        List<Point> points = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ForestRow r : rows) {
            if (r.rateRatio() == null || !Double.isFinite(r.ciLow()) || !Double.isFinite(r.ciHigh()) || r.ciHigh() > 1e6 || r.ciLow() < 1e-6) {
                notes.add(r.label() + " (n=" + r.n() + "): " + (r.note() == null ? "interval not finite" : r.note()));
                continue;
            }
            points.add(new Point(r.label() + " (n=" + r.n() + ")", points.size(), r.rateRatio(), r.ciLow(), r.ciHigh()));
        }
        List<String> footnotes = new ArrayList<>(notes);
        footnotes.addAll(provenance);
        return new Chart("forest", "Rate ratio of total GELs by sub-trial, MSC first vs placebo first (negative binomial, "
                + "unadjusted)", ChartKind.FOREST, "rate ratio", "", List.of(new Series("rate ratio", points)), footnotes);
    }

    private List<ReportBlock> safety(StudyResults.Safety s) {
        List<ReportBlock> out = new ArrayList<>();
        List<String> h = new ArrayList<>();
        h.add("");
        for (String g : results.groups()) {
            String name = results.snapshot().unblinded() ? analysis.label(g) : "All patients";
            h.add(name + ": events");
            h.add(name + ": patients (N=" + s.patients().get(g) + ")");
        }
        List<List<String>> summary = new ArrayList<>();
        summary.add(aeCells(s.total(), s.patients()));
        s.bySeverity().forEach(r -> summary.add(aeCells(r, s.patients())));
        out.add(table("ae-summary", "Adverse events, safety set, by severity", h, summary,
                List.of("Events are counted by the sequence first received (the first-treatment group).")));
        out.add(table("ae-soc", "Adverse events by MedDRA system organ class", h,
                s.bySoc().stream().map(r -> aeCells(r, s.patients())).toList(), List.of()));
        List<String> sh = new ArrayList<>(List.of("Subject", "Site"));
        if (results.snapshot().unblinded()) {
            sh.add("Sequence");
        }
        sh.addAll(List.of("Event", "System organ class", "Onset", "Severity", "Grade", "Relatedness", "Outcome"));
        List<List<String>> sae = new ArrayList<>();
        for (SaeLine l : s.serious()) {
            List<String> r = new ArrayList<>(List.of(l.subjectId(), l.siteId()));
            if (results.snapshot().unblinded()) {
                r.add(l.group());
            }
            r.addAll(List.of(nz(l.term()), nz(l.soc()), nz(l.onset()), nz(l.severity()), nz(l.grade()), nz(l.relatedness()), nz(l.outcome())));
            sae.add(r);
        }
        out.add(table("sae", "Serious adverse events (" + s.serious().size() + ")", sh, sae, List.of()));
        out.add(new Paragraph("Deaths: " + s.deaths() + "."));
        return out;
    }

    private List<String> aeCells(AeRow r, Map<String, Integer> patients) {
        List<String> cells = new ArrayList<>();
        cells.add(r.label());
        for (String g : results.groups()) {
            int n = patients.getOrDefault(g, 0);
            int k = r.patients().getOrDefault(g, 0);
            cells.add(Integer.toString(r.events().getOrDefault(g, 0)));
            cells.add(k + "/" + n + (n == 0 ? "" : String.format(Locale.ROOT, " (%.0f%%)", 100.0 * k / n)));
        }
        return cells;
    }

    private List<ReportBlock> secondary() {
        List<ReportBlock> out = new ArrayList<>();
        StudyResults.CrossoverSummary c = results.crossover();
        if (c != null) {
            List<List<String>> rows = new ArrayList<>();
            rows.add(c.notEstimable() != null
                    ? List.of("MSC vs placebo (within patient)", Integer.toString(c.subjects()), "not estimable: " + c.notEstimable(), "", "")
                    : List.of("MSC vs placebo (within patient)", Integer.toString(c.subjects()), num(c.rateRatio(), 2),
                    num(c.ciLow(), 2) + " to " + num(c.ciHigh(), 2), p(c.p())));
            out.add(table("crossover", "Crossover analysis of GELs over both periods (negative binomial with subject, period "
                    + "and treatment)", List.of("Comparison", "Patients", "Rate ratio", "95% CI", "p"), rows,
                    List.of("Patients without a scan in both periods are not analysed; patients with no lesion in either period "
                            + "carry no information on the treatment effect and are left out of the subject-effect model.")));
        }
        List<List<String>> edss = new ArrayList<>();
        for (ChangeRow r : results.edssChange()) {
            List<String> row = new ArrayList<>();
            row.add(r.visit());
            results.groups().forEach(g -> row.add(r.byGroup().getOrDefault(g, "-")));
            if (results.snapshot().unblinded()) {
                row.add(r.comparison() == null ? "-" : r.comparison());
            }
            edss.add(row);
        }
        List<String> h = new ArrayList<>();
        h.add("Visit");
        results.groups().forEach(g -> h.add((results.snapshot().unblinded() ? analysis.label(g) : "All patients")
                + ": mean change (SD)"));
        if (results.snapshot().unblinded()) {
            h.add("Comparison");
        }
        out.add(table("edss-change", "Change in EDSS from baseline", h, edss, List.of()));
        StudyResults.RepeatedMeasures m = results.repeatedMeasures();
        if (m != null) {
            out.add(repeatedMeasures(m));
        }
        return out;
    }

    private Table repeatedMeasures(StudyResults.RepeatedMeasures m) {
        boolean unblinded = results.snapshot().unblinded();
        List<String> h = new ArrayList<>();
        h.add("Visit");
        results.groups().forEach(g -> h.add((unblinded ? analysis.label(g) : "All patients") + ": least-squares mean (SE)"));
        if (unblinded) {
            h.add("Comparison");
        }
        List<List<String>> rows = new ArrayList<>();
        for (StudyResults.RepeatedMeasuresRow r : m.rows()) {
            List<String> row = new ArrayList<>();
            row.add(r.visit());
            results.groups().forEach(g -> row.add(r.byGroup().getOrDefault(g, "-")));
            if (unblinded) {
                row.add(r.comparison() == null ? "-" : r.comparison());
            }
            rows.add(row);
        }
        List<String> notes = new ArrayList<>();
        notes.add(m.notEstimable() != null ? "Not estimable: " + m.notEstimable()
                : String.format(Locale.ROOT, "Mixed model for repeated measures %s (%s covariance across visits, REML, "
                + "Satterthwaite degrees of freedom); %d patients, %d observations. Patients contribute the visits they "
                + "have (valid if missing visits are missing at random).", m.formula(), m.covariance(), m.subjects(), m.observations()));
        return table("mmrm", m.label(), h, rows, notes);
    }

    private Chart chart(String id, String caption, String x, String y, Map<String, List<VisitMean>> byGroup) {
        List<Series> series = new ArrayList<>();
        byGroup.forEach((g, means) -> series.add(new Series(results.snapshot().unblinded() ? analysis.label(g) : "All patients",
                means.stream().map(m -> new Point(m.visit(), m.week(), m.mean(), m.mean() - m.se(), m.mean() + m.se())).toList())));
        return new Chart(id, caption, ChartKind.LINE, x, y, series, provenance);
    }

    private Table table(String id, String caption, List<String> header, List<List<String>> rows, List<String> notes) {
        List<String> footnotes = new ArrayList<>(notes);
        footnotes.addAll(provenance);
        return new Table(id, caption, header, rows, footnotes);
    }

    private static List<String> cells(String label, List<String> rest) {
        List<String> row = new ArrayList<>();
        row.add(label);
        row.addAll(rest);
        return row;
    }

    private static String num(Double v, int digits) {
        return v == null || v.isNaN() ? "-" : fmt(v, digits);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
