package org.harmonia.server.openlabel;

import static org.harmonia.server.reports.ReportNumbers.fmt;
import static org.harmonia.server.reports.ReportNumbers.p;

import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.harmonia.server.analysis.SubjectData;
import org.harmonia.server.analysis.TrialSnapshot;
import org.harmonia.server.reports.Report;
import org.harmonia.server.reports.ReportBlock;
import org.harmonia.server.reports.ReportBlock.Chart;
import org.harmonia.server.reports.ReportBlock.ChartKind;
import org.harmonia.server.reports.ReportBlock.Heading;
import org.harmonia.server.reports.ReportBlock.Paragraph;
import org.harmonia.server.reports.ReportBlock.Point;
import org.harmonia.server.reports.ReportBlock.Series;
import org.harmonia.server.reports.ReportBlock.Table;
import org.harmonia.stats.tests.ContingencyTable;
import org.harmonia.stats.tests.FisherExactTest;
import org.harmonia.stats.tests.TTest;
import org.harmonia.stats.tests.TTestOptions;
import org.harmonia.stats.tests.TTestResult;
import org.harmonia.stats.tests.WilcoxonOptions;
import org.harmonia.stats.tests.WilcoxonResult;
import org.harmonia.stats.tests.WilcoxonTest;
import org.harmonia.trial.forms.FormDefinition;
import org.harmonia.trial.protocol.AnalysisMethod;
import org.harmonia.trial.protocol.AnalysisPopulation;
import org.harmonia.trial.protocol.AnalysisSpec;
import org.harmonia.trial.protocol.DataPoint;
import org.harmonia.trial.protocol.PopulationRequirement;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Visit;
import org.harmonia.trial.schedule.VisitSchedule;

/**
 * The report of a single-arm open-label study, built from its analysis plan on one data snapshot into the same report
 * model the randomised studies use (HTML and PDF by the same renderers): who was treated, the treatment courses with
 * the dose per kg computed from the body weight and the cells given by each route, then one section per analysis of
 * the plan (paired change from baseline to the last visit, improved / stable / worse by subgroup with an exact test,
 * values over time as a chart, the adverse-event listing). With one arm and nobody allocated, nothing in it is blinded.
 */
public final class OpenLabelReport {
    static final String TREATMENT_FORM = "treatment_administration";
    /** Months of follow-up are days divided by the mean length of a month. */
    static final double DAYS_PER_MONTH = 365.25 / 12;
    private static final List<String> RELATED = List.of("possible", "probable", "definite");

    private final Protocol protocol;
    private final TrialSnapshot snapshot;
    private final String version;

    public OpenLabelReport(Protocol protocol, TrialSnapshot snapshot, String version) {
        this.protocol = protocol;
        this.snapshot = snapshot;
        this.version = version;
    }

    public Report build() {
        List<ReportBlock> blocks = new ArrayList<>();
        blocks.add(new Heading(1, "Patients"));
        blocks.add(patientsTable());
        blocks.add(coursesTable());
        for (AnalysisSpec a : protocol.analysis().analyses()) {
            List<SubjectData> set = population(a.populationId());
            blocks.add(new Heading(1, a.label()));
            switch (a.method()) {
                case PAIRED_CHANGE -> blocks.addAll(pairedChange(a, set));
                case SUBGROUP_EXACT -> blocks.addAll(subgroupExact(a, set));
                case VALUES_OVER_TIME -> blocks.addAll(valuesOverTime(a, set));
                case ADVERSE_EVENT_LISTING, ADVERSE_EVENT_TABLES -> blocks.addAll(adverseEvents(a, set));
                default -> blocks.add(new Paragraph("The method " + a.method().name().toLowerCase(Locale.ROOT).replace('_', '-')
                        + " compares arms or sequences; this single-arm report does not run it."));
            }
        }
        return new Report(protocol.acronym() == null ? protocol.id() : protocol.acronym(), protocol.title(), blocks,
                snapshot.describe() + " - Harmonia " + version);
    }

    /** The subjects of an analysis set: treated means at least one course recorded; the other requirements need allocation. */
    private List<SubjectData> population(String populationId) {
        AnalysisPopulation population = protocol.analysis().population(populationId).orElseThrow();
        Predicate<SubjectData> in = SubjectData::enrolled;
        for (PopulationRequirement r : population.requires()) {
            in = in.and(r == PopulationRequirement.TREATED ? s -> courses(s) > 0 : SubjectData::randomised);
        }
        return snapshot.subjects().stream().filter(in).toList();
    }

    static int courses(SubjectData s) {
        return (int) s.visitsWith(TREATMENT_FORM);
    }

    private Table patientsTable() {
        List<SubjectData> treated = snapshot.subjects().stream().filter(s -> courses(s) > 0).toList();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Screened", Integer.toString(snapshot.subjects().size())));
        rows.add(List.of("Enrolled", Long.toString(snapshot.subjects().stream().filter(SubjectData::enrolled).count())));
        rows.add(List.of("Treated (at least one course)", Integer.toString(treated.size())));
        double[] ages = treated.stream().map(OpenLabelReport::ageAtScreening).filter(Optional::isPresent)
                .mapToDouble(o -> o.get()).toArray();
        if (ages.length > 1) {
            rows.add(List.of("Age at screening, years: mean \u00b1 SD (n)", meanSd(ages, 1, 2) + " (" + ages.length + ")"));
        }
        Map<Integer, Long> byCount = new java.util.TreeMap<>();
        treated.forEach(s -> byCount.merge(courses(s), 1L, Long::sum));
        rows.add(List.of("Courses per patient: number of patients", String.join(", ", byCount.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).toList())));
        return new Table("patients", "Patients", List.of("", "Patients"), rows,
                List.of("Age in whole years at the screening visit, from the date of birth entered at screening.", snapshot.describe()));
    }

    private static Optional<Double> ageAtScreening(SubjectData s) {
        String dob = s.screening().get("date_of_birth");
        if (dob == null || s.screeningDate() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((double) Period.between(LocalDate.parse(dob), s.screeningDate()).getYears());
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Per course: the patients treated, body weight, cells by route and the dose per kg they make. */
    private Table coursesTable() {
        List<List<String>> rows = new ArrayList<>();
        for (Visit v : protocol.visits()) {
            if (protocol.activitiesAt(v.id()).stream().noneMatch(act -> TREATMENT_FORM.equals(act.form()))) {
                continue;
            }
            List<Map<String, String>> given = snapshot.subjects().stream()
                    .map(s -> s.formsByVisit().getOrDefault(v.id(), Map.of()).get(TREATMENT_FORM))
                    .filter(java.util.Objects::nonNull).toList();
            if (given.isEmpty()) {
                continue;
            }
            double[] weight = column(given, "body_weight");
            double[] intrathecal = column(given, "cells_intrathecal");
            double[] intravenous = column(given, "cells_intravenous");
            double[] perKg = new double[given.size()];
            for (int i = 0; i < perKg.length; i++) {
                // a route the protocol does not use gives no cells
                perKg[i] = (orZero(intrathecal[i]) + orZero(intravenous[i])) / weight[i];
            }
            rows.add(List.of(v.label(), Integer.toString(given.size()), meanSd(weight, 1, 1), meanSdOrDash(intrathecal, 1),
                    meanSdOrDash(intravenous, 1), meanSd(perKg, 2, 2)));
        }
        return new Table("courses", "Treatment courses: cells given by route and the dose per kg of body weight",
                List.of("Course", "Patients", "Body weight, kg", "Intrathecal, 10^6 cells", "Intravenous, 10^6 cells",
                        "Dose, 10^6 cells/kg"), rows,
                List.of("Mean \u00b1 SD. The dose per kg is computed for each course from the cells given by both routes and the "
                        + "body weight recorded that day."));
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static String meanSdOrDash(double[] x, int decimals) {
        return Arrays.stream(x).allMatch(Double::isNaN) ? "-" : meanSd(x, decimals, decimals);
    }

    private static double[] column(List<Map<String, String>> records, String field) {
        return records.stream().mapToDouble(r -> r.get(field) == null ? Double.NaN : Double.parseDouble(r.get(field))).toArray();
    }

    /** A patient's baseline and last recorded value with the dates they were taken. */
    record Paired(SubjectData subject, double baseline, double last, LocalDate baselineDate, LocalDate lastDate) {
        double change() {
            return last - baseline;
        }

        String category() {
            return change() < 0 ? "improved" : change() > 0 ? "worse" : "stable";
        }
    }

    /** The baseline and last value of every subject of the set who has both, with the dates of the forms they come from. */
    List<Paired> paired(AnalysisSpec a, List<SubjectData> set) {
        DataPoint baseline = a.baseline();
        DataPoint response = a.response();
        String dateField = dateField(response.form());
        List<Paired> out = new ArrayList<>();
        for (SubjectData s : set) {
            String baselineVisit = baseline.visits().get(0);
            Optional<Double> b = s.number(baselineVisit, baseline.form(), baseline.field());
            String lastVisit = null;
            for (String v : response.visits()) {
                if (s.value(v, response.form(), response.field()).isPresent()) {
                    lastVisit = v;
                }
            }
            if (b.isEmpty() || lastVisit == null) {
                continue;
            }
            double last = s.number(lastVisit, response.form(), response.field()).orElseThrow();
            LocalDate from = s.value(baselineVisit, baseline.form(), dateField(baseline.form())).map(LocalDate::parse).orElse(null);
            LocalDate to = s.value(lastVisit, response.form(), dateField).map(LocalDate::parse).orElse(null);
            out.add(new Paired(s, b.get(), last, from, to));
        }
        return out;
    }

    /** The form's first date field: the day the value was taken. */
    private String dateField(String formId) {
        FormDefinition form = protocol.form(formId).orElseThrow();
        return form.fields().stream().filter(f -> f.variable().type() == org.harmonia.trial.eligibility.VariableType.DATE)
                .map(f -> f.variable().name()).findFirst().orElse(null);
    }

    private List<ReportBlock> pairedChange(AnalysisSpec a, List<SubjectData> set) {
        List<Paired> pairs = paired(a, set);
        List<ReportBlock> out = new ArrayList<>();
        if (pairs.size() < 2) {
            out.add(new Paragraph("Fewer than two patients have a baseline and a later value: nothing to compare yet."));
            return out;
        }
        double[] b = pairs.stream().mapToDouble(Paired::baseline).toArray();
        double[] l = pairs.stream().mapToDouble(Paired::last).toArray();
        String field = a.response().field().toUpperCase(Locale.ROOT);
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Baseline (" + visitLabel(a.baseline().visits().get(0)) + ")", Integer.toString(b.length), meanSd(b, 2, 2),
                fmt(min(b), 1) + " to " + fmt(max(b), 1)));
        rows.add(List.of("Last visit", Integer.toString(l.length), meanSd(l, 2, 2), fmt(min(l), 1) + " to " + fmt(max(l), 1)));
        double[] months = pairs.stream().filter(p -> p.baselineDate() != null && p.lastDate() != null)
                .mapToDouble(p -> ChronoUnit.DAYS.between(p.baselineDate(), p.lastDate()) / DAYS_PER_MONTH).toArray();
        List<String> notes = new ArrayList<>();
        notes.add("Last visit: each patient's latest recorded " + field + " among " + String.join(", ", a.response().visits()) + ".");
        out.add(new Table(a.id().toLowerCase(Locale.ROOT) + "-summary", field + " at baseline and at the last visit",
                List.of("", "Patients", "Mean \u00b1 SD", "Range"), rows, notes));
        List<List<String>> tests = new ArrayList<>();
        WilcoxonResult w = WilcoxonTest.paired(l, b, WilcoxonOptions.DEFAULT);
        tests.add(List.of("Wilcoxon signed-rank (paired)", w.statisticName() + " = " + fmt(w.statistic(), 1), p(w.p()),
                w.pMethod()));
        TTestResult t = TTest.paired(l, b, TTestOptions.DEFAULT);
        tests.add(List.of("Paired t-test", "t = " + fmt(t.statistic(), 3) + " (df " + fmt(t.df(), 0) + ")", p(t.p()),
                "mean change " + fmt(t.estimate(), 3) + " (95% CI " + fmt(t.confInt().lower(), 3) + " to "
                        + fmt(t.confInt().upper(), 3) + ")"));
        out.add(new Table(a.id().toLowerCase(Locale.ROOT) + "-tests", "Last visit against baseline, paired tests",
                List.of("Test", "Statistic", "p", "Note"), tests,
                List.of("Two-sided, as R's wilcox.test(last, baseline, paired = TRUE) (normal approximation with continuity "
                        + "correction when there are ties or zero differences) and t.test(last, baseline, paired = TRUE).")));
        if (months.length > 0) {
            double[] sorted = months.clone();
            Arrays.sort(sorted);
            out.add(new Table(a.id().toLowerCase(Locale.ROOT) + "-follow-up", "Follow-up from baseline to the last visit",
                    List.of("Patients", "Median, months", "Range, months"), List.of(List.of(Integer.toString(months.length),
                    fmt(median(sorted), 1), fmt(sorted[0], 1) + " to " + fmt(sorted[sorted.length - 1], 1))),
                    List.of("Months are days divided by " + fmt(DAYS_PER_MONTH, 4) + " (365.25 / 12).")));
        }
        long improved = pairs.stream().filter(p -> p.category().equals("improved")).count();
        long stable = pairs.stream().filter(p -> p.category().equals("stable")).count();
        long worse = pairs.stream().filter(p -> p.category().equals("worse")).count();
        out.add(new Table(a.id().toLowerCase(Locale.ROOT) + "-categories", "Patients improved, stable or worse at the last visit",
                List.of("", "Patients", "%"), List.of(
                List.of("Improved (lower than baseline)", Long.toString(improved), pct(improved, pairs.size())),
                List.of("Stable (same as baseline)", Long.toString(stable), pct(stable, pairs.size())),
                List.of("Worse (higher than baseline)", Long.toString(worse), pct(worse, pairs.size())),
                List.of("Stable or improved", Long.toString(improved + stable), pct(improved + stable, pairs.size()))),
                List.of()));
        return out;
    }

    private List<ReportBlock> subgroupExact(AnalysisSpec a, List<SubjectData> set) {
        List<Paired> pairs = paired(a, set);
        List<String> groups = subgroupLabels(a);
        List<String> categories = List.of("improved", "stable", "worse");
        long[][] counts = new long[2][3];
        for (Paired p : pairs) {
            counts[upper(a, p.subject()) ? 0 : 1][categories.indexOf(p.category())]++;
        }
        List<List<String>> rows = new ArrayList<>();
        for (int g = 0; g < 2; g++) {
            long n = counts[g][0] + counts[g][1] + counts[g][2];
            rows.add(List.of(groups.get(g), Long.toString(n), Long.toString(counts[g][0]), Long.toString(counts[g][1]),
                    Long.toString(counts[g][2])));
        }
        List<ReportBlock> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add((a.subgroup().by().equals("courses") ? "Courses: the treatment courses recorded for the patient. "
                : "Baseline: the value at " + visitLabel(a.baseline().visits().get(0)) + ". ") + "Improved, stable or worse: the last "
                + "recorded " + a.response().field().toUpperCase(Locale.ROOT) + " against baseline.");
        String p;
        try {
            p = p(FisherExactTest.twoSidedP(ContingencyTable.of(dropEmptyColumns(counts))));
            notes.add("Fisher's exact test of the table (two-sided), as R's fisher.test; categories nobody is in are left out.");
        } catch (org.harmonia.stats.StatsException e) {
            p = "not computable";
            notes.add("Fisher's exact test needs patients in both subgroups and in two categories at least: " + e.getMessage());
        }
        rows.add(List.of("Fisher's exact test", "", "", "", "p = " + p));
        out.add(new Table(a.id().toLowerCase(Locale.ROOT), a.label(), List.of("Subgroup", "Patients", "Improved", "Stable", "Worse"),
                rows, notes));
        return out;
    }

    /** Whether a subject is in the subgroup above the split (more courses, or a higher baseline value). */
    private static boolean upper(AnalysisSpec a, SubjectData s) {
        AnalysisSpec.Subgroup g = a.subgroup();
        if (g.by().equals("courses")) {
            return courses(s) > g.above();
        }
        DataPoint b = a.baseline();
        return s.number(b.visits().get(0), b.form(), b.field()).map(v -> v > g.above()).orElse(false);
    }

    /** Whether a subject belongs to either subgroup: a split by baseline needs the baseline value. */
    private static boolean grouped(AnalysisSpec a, SubjectData s) {
        DataPoint b = a.baseline();
        return a.subgroup().by().equals("courses") || s.number(b.visits().get(0), b.form(), b.field()).isPresent();
    }

    private static List<String> subgroupLabels(AnalysisSpec a) {
        AnalysisSpec.Subgroup g = a.subgroup();
        double x = g.above();
        String at = x == Math.rint(x) ? Long.toString((long) x) : fmt(x, 1);
        if (g.by().equals("courses")) {
            return List.of("More than " + at + " courses", at + " or fewer courses");
        }
        String field = a.baseline().field().toUpperCase(Locale.ROOT);
        return List.of("Baseline " + field + " above " + at, "Baseline " + field + " " + at + " or below");
    }

    private static long[][] dropEmptyColumns(long[][] counts) {
        List<Integer> kept = new ArrayList<>();
        for (int j = 0; j < counts[0].length; j++) {
            if (counts[0][j] + counts[1][j] > 0) {
                kept.add(j);
            }
        }
        long[][] out = new long[2][kept.size()];
        for (int g = 0; g < 2; g++) {
            for (int k = 0; k < kept.size(); k++) {
                out[g][k] = counts[g][kept.get(k)];
            }
        }
        return out;
    }

    private List<ReportBlock> valuesOverTime(AnalysisSpec a, List<SubjectData> set) {
        DataPoint r = a.response();
        String label = protocol.form(r.form()).flatMap(f -> f.field(r.field())).map(f -> f.variable().label()).orElse(r.field());
        List<String> names = a.subgroup() == null ? List.of("All") : subgroupLabels(a);
        List<List<SubjectData>> groups = a.subgroup() == null ? List.of(set) : List.of(
                set.stream().filter(s -> grouped(a, s) && upper(a, s)).toList(),
                set.stream().filter(s -> grouped(a, s) && !upper(a, s)).toList());
        List<List<String>> rows = new ArrayList<>();
        List<Series> series = new ArrayList<>();
        // each visit at its planned day: a visit that follows another is timed from that visit's planned day
        VisitSchedule planned = VisitSchedule.of(protocol, LocalDate.EPOCH);
        for (int g = 0; g < groups.size(); g++) {
            List<Point> points = new ArrayList<>();
            for (String visitId : r.visits()) {
                double[] x = groups.get(g).stream().map(s -> s.number(visitId, r.form(), r.field())).filter(Optional::isPresent)
                        .mapToDouble(Optional::get).toArray();
                Visit visit = protocol.visit(visitId).orElseThrow();
                if (x.length == 0) {
                    rows.add(List.of(names.get(g), visit.label(), "0", "", ""));
                    continue;
                }
                double mean = mean(x);
                double sd = x.length > 1 ? sd(x, mean) : 0;
                rows.add(List.of(names.get(g), visit.label(), Integer.toString(x.length), fmt(mean, 2), fmt(sd, 2)));
                double month = planned.visit(visitId).orElseThrow().target().toEpochDay() / DAYS_PER_MONTH;
                points.add(Point.xy(month, mean, mean - sd, mean + sd));
            }
            series.add(new Series(names.get(g), points));
        }
        String id = a.id().toLowerCase(Locale.ROOT);
        return List.of(
                new Table(id, a.label() + ": " + label + " by visit", List.of("Group", "Visit", "Patients", "Mean", "SD"), rows,
                        List.of()),
                new Chart(id + "-chart", a.label() + " (mean \u00b1 SD)", ChartKind.LINE, "Months after the first treatment", label,
                        series, List.of("Each visit at its planned month; bars are one SD either side.")));
    }

    private List<ReportBlock> adverseEvents(AnalysisSpec a, List<SubjectData> set) {
        List<String[]> events = new ArrayList<>();
        for (SubjectData s : set) {
            for (Map<String, String> e : s.adverseEvents()) {
                events.add(new String[] {s.id(), e.getOrDefault("verbatim_term", ""), e.getOrDefault("soc", ""),
                        e.getOrDefault("onset_date", ""), e.getOrDefault("severity", ""), List.of("yes", "true").contains(e.get("serious")) ? "yes" : "no",
                        e.getOrDefault("relatedness", ""), e.getOrDefault("outcome", "")});
            }
        }
        events.sort(Comparator.<String[], String>comparing(e -> e[3]).thenComparing(e -> e[0]));
        Predicate<String[]> related = e -> RELATED.contains(e[6]);
        Predicate<String[]> serious = e -> e[5].equals("yes");
        List<List<String>> summary = new ArrayList<>();
        summary.add(countRow("Any adverse event", events, e -> true));
        summary.add(countRow("Related to the treatment (possible, probable or definite)", events, related));
        summary.add(countRow("Serious", events, serious));
        summary.add(countRow("Serious and related to the treatment", events, serious.and(related)));
        List<ReportBlock> out = new ArrayList<>();
        out.add(new Table(a.id().toLowerCase(Locale.ROOT) + "-summary", "Adverse events by seriousness and relationship to the treatment",
                List.of("", "Events", "Patients"), summary, List.of(set.size() + " patients in the " + a.populationId() + " set.")));
        out.add(new Table(a.id().toLowerCase(Locale.ROOT) + "-listing", "Listing of adverse events",
                List.of("Subject", "Adverse event", "System organ class", "Onset", "Severity", "Serious", "Relationship", "Outcome"),
                events.stream().map(List::of).toList(), List.of("Every adverse event recorded and not voided, by onset.")));
        return out;
    }

    private static List<String> countRow(String label, List<String[]> events, Predicate<String[]> which) {
        List<String[]> hit = events.stream().filter(which).toList();
        return List.of(label, Integer.toString(hit.size()), Long.toString(hit.stream().map(e -> e[0]).distinct().count()));
    }

    private String visitLabel(String visitId) {
        return protocol.visit(visitId).map(Visit::label).orElse(visitId);
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    static double sd(double[] x, double mean) {
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return Math.sqrt(s / (x.length - 1));
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] x) {
        return Arrays.stream(x).min().orElse(Double.NaN);
    }

    private static double max(double[] x) {
        return Arrays.stream(x).max().orElse(Double.NaN);
    }

    private static String meanSd(double[] x, int meanDecimals, int sdDecimals) {
        double m = mean(x);
        return fmt(m, meanDecimals) + " \u00b1 " + (x.length > 1 ? fmt(sd(x, m), sdDecimals) : "-");
    }

    private static String pct(long k, int n) {
        return n == 0 ? "" : fmt(100.0 * k / n, 0) + "%";
    }
}
