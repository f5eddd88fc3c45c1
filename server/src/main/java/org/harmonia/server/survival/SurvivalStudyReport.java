package org.harmonia.server.survival;

import static org.harmonia.server.reports.ReportNumbers.fmt;
import static org.harmonia.server.reports.ReportNumbers.p;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.harmonia.server.analysis.StudyAnalysis;
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
import org.harmonia.stats.StatsException;
import org.harmonia.stats.mmrm.ArmDifference;
import org.harmonia.stats.mmrm.LeastSquaresMean;
import org.harmonia.stats.mmrm.Mmrm;
import org.harmonia.stats.mmrm.MmrmResult;
import org.harmonia.stats.mmrm.MmrmSpec;
import org.harmonia.stats.survival.ConfType;
import org.harmonia.stats.survival.CoxCoefficient;
import org.harmonia.stats.survival.CoxFit;
import org.harmonia.stats.survival.CoxRegression;
import org.harmonia.stats.survival.KaplanMeier;
import org.harmonia.stats.survival.KaplanMeierCurve;
import org.harmonia.stats.survival.KaplanMeierFit;
import org.harmonia.stats.survival.KaplanMeierStep;
import org.harmonia.stats.survival.Landmark;
import org.harmonia.stats.survival.LandmarkSet;
import org.harmonia.stats.survival.LogRank;
import org.harmonia.stats.survival.LogRankResult;
import org.harmonia.stats.survival.SurvivalData;
import org.harmonia.stats.survival.Ties;
import org.harmonia.trial.forms.FormField;
import org.harmonia.trial.protocol.AnalysisMethod;
import org.harmonia.trial.protocol.AnalysisSpec;
import org.harmonia.trial.protocol.DataPoint;
import org.harmonia.trial.protocol.Endpoint;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Sequence;
import org.harmonia.trial.protocol.TimeToEvent;

/**
 * The report of a trial whose plan has survival analyses, from its snapshot, through the report model the other reports
 * use (HTML and PDF): per survival analysis the Kaplan-Meier curves, the log-rank test, the Cox hazard ratio and the
 * landmark analyses; per MMRM analysis the least-squares means by visit with the arm difference and the trajectories
 * by arm; the adverse events with infusion fevers and the deaths. A blinded snapshot has no arm: everything is pooled.
 */
public final class SurvivalStudyReport {
    /** The pooled group of a blinded report. */
    static final String ALL = "All";
    static final String TREATMENT_FORM = "treatment_administration";

    private final Protocol protocol;
    private final TrialSnapshot snapshot;
    private final String version;
    private final List<String> groups;
    private final StudyAnalysis sets;

    public SurvivalStudyReport(Protocol protocol, TrialSnapshot snapshot, String version) {
        this.sets = new StudyAnalysis(protocol, snapshot);
        this.protocol = protocol;
        this.snapshot = snapshot;
        this.version = version;
        this.groups = snapshot.unblinded() ? protocol.sequences().stream().map(Sequence::id).toList() : List.of(ALL);
    }

    /** Whether the plan calls for this report. */
    public static boolean applies(Protocol protocol) {
        return protocol.metaAnalysis() == null && protocol.analysis().first(AnalysisMethod.SURVIVAL).isPresent();
    }

    public Report build() {
        List<ReportBlock> blocks = new ArrayList<>();
        List<SubjectData> randomised = snapshot.subjects().stream().filter(SubjectData::randomised).toList();
        blocks.add(new Heading(1, "Patients"));
        blocks.add(new Paragraph(snapshot.describe() + "."));
        if (!snapshot.unblinded()) {
            blocks.add(new Paragraph("Blinded report: every figure is pooled over the arms; the unblinded report compares them."));
        }
        List<List<String>> flow = new ArrayList<>();
        flow.add(row("Screened", snapshot.subjects().size()));
        flow.add(row("Randomised", randomised, s -> true));
        if (snapshot.unblinded()) {
            // in a two-arm trial where one arm has no study infusion, the number treated is the size of that arm
            flow.add(row("Treated with study infusions", randomised, s -> s.visitsWith(TREATMENT_FORM) > 0));
        }
        flow.add(row("Died", randomised, s -> !s.values("death", "death_date").isEmpty()));
        blocks.add(new Table("patients", "Patients by arm", header("Patients"), flow, List.of()));
        for (AnalysisSpec spec : protocol.analysis().analyses()) {
            List<SubjectData> members = members(spec);
            if (spec.method() == AnalysisMethod.SURVIVAL) {
                survival(spec, members, blocks);
            } else if (spec.method() == AnalysisMethod.MMRM) {
                repeatedMeasures(spec, members, blocks);
            } else if (spec.method() == AnalysisMethod.ADVERSE_EVENT_TABLES) {
                safety(spec, members, blocks);
            }
        }
        return new Report(protocol.acronym() == null ? protocol.id() : protocol.acronym(), protocol.title(), blocks,
                "study " + protocol.id() + " version " + protocol.version() + (snapshot.unblinded() ? " (unblinded)" : " (blinded)")
                        + " - Harmonia " + version);
    }

    /** The members of the analysis's set, by the requirements the protocol gives it (as every report reads them). */
    private List<SubjectData> members(AnalysisSpec spec) {
        return sets.members(spec.populationId());
    }

    private String group(SubjectData s) {
        return snapshot.unblinded() ? s.sequenceId() : ALL;
    }

    private String label(String group) {
        return sets.label(group);
    }

    private List<String> header(String first) {
        List<String> h = new ArrayList<>(List.of(first));
        groups.forEach(g -> h.add(label(g)));
        if (groups.size() > 1) {
            h.add("All");
        }
        return h;
    }

    private List<String> row(String label, int all) {
        List<String> r = new ArrayList<>(List.of(label));
        groups.forEach(g -> r.add(groups.size() > 1 ? "" : Integer.toString(all)));
        if (groups.size() > 1) {
            r.add(Integer.toString(all));
        }
        return r;
    }

    private List<String> row(String label, List<SubjectData> subjects, java.util.function.Predicate<SubjectData> which) {
        List<String> r = new ArrayList<>(List.of(label));
        for (String g : groups) {
            r.add(Long.toString(subjects.stream().filter(s -> group(s).equals(g)).filter(which).count()));
        }
        if (groups.size() > 1) {
            r.add(Long.toString(subjects.stream().filter(which).count()));
        }
        return r;
    }

    // ---- survival -------------------------------------------------------------------------------------------------

    /** The observed times of the analysis set by the endpoint's censoring rules; subjects without follow-up are counted apart. */
    record Observations(List<String> subjects, double[] time, double[] status, String[] group, int withoutFollowUp) {
        SurvivalData data() {
            return SurvivalData.of(time, status, group);
        }
    }

    Observations observe(TimeToEvent t, List<SubjectData> members) {
        List<String> ids = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<String> gs = new ArrayList<>();
        int without = 0;
        for (SubjectData s : members) {
            LocalDate event = earliest(s.values(t.event().form(), t.event().field()));
            List<LocalDate> contacts = new ArrayList<>();
            t.lastContact().forEach(d -> s.values(d.form(), d.field()).forEach(v -> contacts.add(LocalDate.parse(v))));
            Optional<TimeToEvent.Observed> o = t.observe(s.dayZero(), event, contacts);
            if (o.isEmpty()) {
                without++;
                continue;
            }
            ids.add(s.id());
            rows.add(new double[] {o.get().time(), o.get().event() ? 1 : 0});
            gs.add(group(s));
        }
        return new Observations(ids, rows.stream().mapToDouble(r -> r[0]).toArray(), rows.stream().mapToDouble(r -> r[1]).toArray(),
                gs.toArray(String[]::new), without);
    }

    private static LocalDate earliest(List<String> dates) {
        return dates.stream().map(LocalDate::parse).min(LocalDate::compareTo).orElse(null);
    }

    private void survival(AnalysisSpec spec, List<SubjectData> members, List<ReportBlock> blocks) {
        Endpoint endpoint = protocol.endpoints().stream().filter(e -> e.id().equals(spec.endpointId())).findFirst().orElseThrow();
        TimeToEvent t = endpoint.timeToEvent();
        String unit = t.unit().label();
        blocks.add(new Heading(1, spec.label()));
        blocks.add(new Paragraph(endpoint.text() + ". Time from randomisation to " + t.event().field().replace('_', ' ')
                + "; without it, censored at the last contact (" + String.join(", ", t.lastContact().stream()
                .map(d -> d.form().replace('_', ' ') + " " + d.field().replace('_', ' ')).toList()) + ")"
                + (t.maxFollowUp() == null ? "" : "; follow-up censored at " + fmt(t.maxFollowUp(), 0) + " " + unit) + "."));
        Observations o = observe(t, members);
        SurvivalData data = o.data();
        String id = spec.id().toLowerCase(Locale.ROOT);
        KaplanMeierFit km;
        try {
            km = KaplanMeier.fit(data, ConfType.LOG, 0.95);
        } catch (StatsException | IllegalArgumentException e) {
            blocks.add(new Paragraph("Not estimable: " + e.getMessage()));
            return;
        }
        List<Double> at = new ArrayList<>(spec.landmarks());
        if (t.maxFollowUp() != null) {
            at.add(t.maxFollowUp());
        }
        List<String> h = new ArrayList<>(List.of("Group", "Patients", "Events", "Censored"));
        at.forEach(x -> h.add("Survival at " + fmt(x, 0) + " " + unit + " (95% CI)"));
        h.add("Median, " + unit);
        List<List<String>> rows = new ArrayList<>();
        for (String g : groups) {
            KaplanMeierCurve c = km.curve(g);
            List<String> r = new ArrayList<>(List.of(label(g), Integer.toString(c.n()), Integer.toString(c.events()),
                    Integer.toString(c.n() - c.events())));
            at.forEach(x -> r.add(survivalAt(c, x)));
            r.add(c.median() == null || c.median().time() == null ? "not reached" : fmt(c.median().time(), 1));
            rows.add(r);
        }
        blocks.add(new Table(id + "-events", "Events and Kaplan-Meier estimates", h, rows, List.of(
                "Kaplan-Meier (R survfit, conf.type = \"log\"); " + o.withoutFollowUp() + " randomised patients without follow-up left out.")));
        List<Series> curves = new ArrayList<>();
        for (String g : groups) {
            List<Point> points = new ArrayList<>(List.of(Point.xy(0, 1)));
            for (KaplanMeierStep step : km.curve(g).steps()) {
                points.add(Point.xy(step.time(), step.survival()));
            }
            curves.add(new Series(label(g), points));
        }
        blocks.add(new Chart(id + "-km", "Kaplan-Meier curves: " + endpoint.text().toLowerCase(Locale.ROOT), ChartKind.STEP,
                unit + " from randomisation", "proportion event-free", curves,
                List.of(spec.landmarks().isEmpty() ? "Steps at events; censored times are not marked."
                        : "Landmark at " + String.join(", ", spec.landmarks().stream().map(x -> fmt(x, 0)).toList()) + " " + unit + ".")));
        if (groups.size() < 2) {
            return;
        }
        String reference = spec.reference() != null && groups.contains(spec.reference()) ? spec.reference() : groups.get(groups.size() - 1);
        List<List<String>> tests = new ArrayList<>();
        tests.add(comparison("Whole follow-up (0 to " + fmt(t.maxFollowUp() == null ? maxTime(data) : t.maxFollowUp(), 0) + " " + unit + ")",
                o.time(), o.status(), o.group(), reference));
        for (double l : spec.landmarks()) {
            double[] time = new double[o.time().length];
            double[] status = new double[o.time().length];
            for (int i = 0; i < time.length; i++) {
                time[i] = Math.min(o.time()[i], l);
                status[i] = o.time()[i] <= l ? o.status()[i] : 0;
            }
            tests.add(comparison("Up to the landmark (0 to " + fmt(l, 0) + " " + unit + ")", time, status, o.group(), reference));
            LandmarkSet after = Landmark.at(data, l);
            SurvivalData kept = after.data();
            double[] kt = new double[kept.size()];
            double[] ks = new double[kept.size()];
            String[] kg = new String[kept.size()];
            for (int i = 0; i < kept.size(); i++) {
                kt[i] = kept.time(i);
                ks[i] = kept.status(i);
                kg[i] = kept.group(i);
            }
            tests.add(comparison("From the landmark on (" + fmt(l, 0) + " to " + fmt(t.maxFollowUp() == null ? maxTime(data) : t.maxFollowUp(), 0)
                    + " " + unit + ", " + after.kept() + " at risk)", kt, ks, kg, reference));
        }
        List<String> th = new ArrayList<>(List.of("Period"));
        groups.forEach(g -> th.add(label(g) + " events/at risk"));
        th.addAll(List.of("Log-rank chi-square", "p", "Hazard ratio " + label(other(reference)) + " vs " + label(reference) + " (95% CI)", "Cox p"));
        blocks.add(new Table(id + "-comparison", "Log-rank test and Cox hazard ratio" + (spec.landmarks().isEmpty() ? "" : ", with the landmark analysis"),
                th, tests, List.of("Log-rank: R survdiff; Cox proportional hazards with Efron ties: R coxph. The landmark analysis "
                        + "compares survival up to the landmark (censored there) and, among patients still under observation at the "
                        + "landmark, survival from it on (time restarted at the landmark, dynpred::cutLM).")));
    }

    private String other(String reference) {
        return groups.stream().filter(g -> !g.equals(reference)).findFirst().orElse(reference);
    }

    private static double maxTime(SurvivalData d) {
        double m = 0;
        for (int i = 0; i < d.size(); i++) {
            m = Math.max(m, d.time(i));
        }
        return m;
    }

    private List<String> comparison(String period, double[] time, double[] status, String[] group, String reference) {
        List<String> r = new ArrayList<>(List.of(period));
        for (String g : groups) {
            int n = 0;
            int e = 0;
            for (int i = 0; i < group.length; i++) {
                if (group[i].equals(g)) {
                    n++;
                    e += (int) status[i];
                }
            }
            r.add(e + "/" + n);
        }
        try {
            SurvivalData d = SurvivalData.of(time, status, group);
            LogRankResult lr = LogRank.test(d);
            double[][] x = new double[d.size()][1];
            for (int i = 0; i < d.size(); i++) {
                x[i][0] = d.group(i).equals(reference) ? 0 : 1;
            }
            CoxFit cox = CoxRegression.fit(d, x, List.of("arm"), Ties.EFRON, 30);
            CoxCoefficient c = cox.coefficient("arm");
            r.addAll(List.of(fmt(lr.statistic(), 3), p(lr.p()), fmt(c.expEstimate(), 3) + " (" + fmt(c.expCiLow(), 3) + " to "
                    + fmt(c.expCiHigh(), 3) + ")", p(c.p())));
        } catch (StatsException | IllegalArgumentException e) {
            r.addAll(List.of("", "", "not estimable: " + e.getMessage(), ""));
        }
        return r;
    }

    private static String survivalAt(KaplanMeierCurve c, double x) {
        KaplanMeierStep last = null;
        for (KaplanMeierStep s : c.steps()) {
            if (s.time() > x) {
                break;
            }
            last = s;
        }
        if (last == null) {
            return "1.000";
        }
        return fmt(last.survival(), 3) + (last.ciLow() == null ? "" : " (" + fmt(last.ciLow(), 3) + " to " + fmt(last.ciHigh(), 3) + ")");
    }

    // ---- liver function: MMRM and trajectories --------------------------------------------------------------------

    private void repeatedMeasures(AnalysisSpec spec, List<SubjectData> members, List<ReportBlock> blocks) {
        DataPoint y = spec.response();
        DataPoint b = spec.baseline();
        FormField field = protocol.form(y.form()).flatMap(f -> f.field(y.field())).orElseThrow();
        String units = String.join(" / ", field.units());
        blocks.add(new Heading(2, spec.label()));
        List<String> visits = new ArrayList<>();
        if (b != null) {
            visits.addAll(b.visits());
        }
        visits.addAll(y.visits());
        List<Series> series = new ArrayList<>();
        List<List<String>> observed = new ArrayList<>();
        Map<String, Map<String, double[]>> stats = new LinkedHashMap<>();
        for (String g : groups) {
            List<Point> points = new ArrayList<>();
            Map<String, double[]> byVisit = new LinkedHashMap<>();
            for (String v : visits) {
                double[] x = members.stream().filter(s -> group(s).equals(g)).map(s -> s.number(v, y.form(), y.field()))
                        .filter(Optional::isPresent).mapToDouble(Optional::get).toArray();
                if (x.length == 0) {
                    continue;
                }
                double m = mean(x);
                double se = x.length > 1 ? sd(x) / Math.sqrt(x.length) : 0;
                byVisit.put(v, new double[] {x.length, m, se});
                int week = protocol.visit(v).map(vv -> vv.targetDay() / 7).orElse(0);
                points.add(Point.xy(week, m, m - se, m + se));
            }
            stats.put(g, byVisit);
            series.add(new Series(label(g), points));
        }
        for (String v : visits) {
            List<String> r = new ArrayList<>(List.of(v));
            for (String g : groups) {
                double[] st = stats.get(g).get(v);
                r.add(st == null ? "" : "n=" + (int) st[0] + ": " + field.inAllUnits(BigDecimal.valueOf(st[1]).setScale(2,
                        java.math.RoundingMode.HALF_EVEN)) + " (SE " + fmt(st[2], 2) + ")");
            }
            observed.add(r);
        }
        String id = spec.id().toLowerCase(Locale.ROOT);
        List<String> oh = new ArrayList<>(List.of("Visit"));
        groups.forEach(g -> oh.add(label(g) + ", mean (SE)"));
        blocks.add(new Table(id + "-observed", field.variable().label() + " by visit and arm, observed means in " + units, oh, observed,
                List.of("Stored in " + field.variable().unit() + "; shown in every unit the form accepts.")));
        blocks.add(new Chart(id + "-trajectory", field.variable().label() + " over 48 weeks by arm", ChartKind.LINE, "week",
                field.variable().label() + " (" + field.variable().unit() + ")", series, List.of("Means with standard errors.")));
        boolean compare = groups.size() >= 2;
        String formula = "y ~ visit" + (compare ? " * group" : "") + (b == null ? "" : " + baseline");
        String reference = spec.reference() != null && groups.contains(spec.reference()) ? spec.reference() : groups.get(0);
        List<List<String>> rows = new ArrayList<>();
        try {
            MmrmResult r = Mmrm.fit(StudyAnalysis.repeatedMeasuresData(members, spec, this::group), new MmrmSpec(
                    org.harmonia.stats.glm.Formula.parse(formula), "subject", "visit", compare ? "group" : null,
                    spec.covariance(), compare ? Map.of("group", reference) : Map.of()));
            for (int v = 0; v < y.visits().size(); v++) {
                String code = Integer.toString(v + 1);
                List<String> row = new ArrayList<>(List.of(y.visits().get(v)));
                Map<String, String> byGroup = new TreeMap<>();
                for (LeastSquaresMean m : r.leastSquaresMeans()) {
                    if (m.visit().equals(code)) {
                        byGroup.put(m.arm() == null ? ALL : m.arm(), fmt(m.estimate(), 2) + " (" + fmt(m.se(), 2) + ")");
                    }
                }
                groups.forEach(g -> row.add(byGroup.getOrDefault(g, "")));
                if (compare) {
                    ArmDifference d = r.differences().stream().filter(x -> x.visit().equals(code)).findFirst().orElse(null);
                    row.add(d == null ? "" : fmt(d.estimate(), 2) + " (" + fmt(d.ciLow(), 2) + " to " + fmt(d.ciHigh(), 2) + ")");
                    row.add(d == null ? "" : p(d.p()));
                }
                rows.add(row);
            }
            List<String> h = new ArrayList<>(List.of("Visit"));
            groups.forEach(g -> h.add(label(g) + " LS mean (SE)"));
            if (compare) {
                h.addAll(List.of(label(other(reference)) + " - " + label(reference) + " (95% CI)", "p"));
            }
            blocks.add(new Table(id, spec.label(), h, rows, List.of("MMRM " + formula + ", " + spec.covariance().description() + " covariance, REML, "
                    + "Satterthwaite df; " + r.subjects() + " patients, " + r.observations() + " values, in " + field.variable().unit() + ".")));
        } catch (StatsException e) {
            blocks.add(new Paragraph(spec.label() + ": not estimable: " + e.getMessage()));
        }
    }

    // ---- safety ---------------------------------------------------------------------------------------------------

    private void safety(AnalysisSpec spec, List<SubjectData> members, List<ReportBlock> blocks) {
        blocks.add(new Heading(1, spec.label()));
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("Patients", members, s -> true));
        rows.add(row("Patients with an infusion fever", members, s -> s.values(TREATMENT_FORM, "infusion_fever").contains("yes")));
        if (snapshot.unblinded()) {
            // the infusions given would tell the blinded reader the size of the infused arm
            List<String> infusions = new ArrayList<>(List.of("Infusions given"));
            for (String g : groups) {
                infusions.add(Long.toString(members.stream().filter(s -> group(s).equals(g)).mapToLong(s -> s.visitsWith(TREATMENT_FORM)).sum()));
            }
            infusions.add(Long.toString(members.stream().mapToLong(s -> s.visitsWith(TREATMENT_FORM)).sum()));
            rows.add(infusions);
        }
        rows.add(row("Patients with an adverse event", members, s -> !s.adverseEvents().isEmpty()));
        rows.add(row("Patients with a serious adverse event", members, s -> s.adverseEvents().stream()
                .anyMatch(ae -> "yes".equals(ae.get("serious")))));
        rows.add(row("Patients with hepatocellular carcinoma", members, s -> !s.values("hcc_diagnosis", "diagnosis_date").isEmpty()));
        rows.add(row("Deaths", members, s -> !s.values("death", "death_date").isEmpty()));
        blocks.add(new Table("safety", "Safety overview", header("Patients"), rows, List.of(
                "Infusion fevers from the infusion form; hepatocellular carcinoma and deaths over the whole follow-up.")));
        Map<String, Map<String, Integer>> bySoc = new TreeMap<>();
        for (SubjectData s : members) {
            s.adverseEvents().stream().map(ae -> ae.getOrDefault("soc", "not coded")).distinct()
                    .forEach(soc -> bySoc.computeIfAbsent(soc, k -> new LinkedHashMap<>()).merge(group(s), 1, Integer::sum));
        }
        blocks.add(new Table("adverse-events", "Patients with adverse events by system organ class", header("System organ class"),
                countRows(bySoc), List.of("A patient counts once per system organ class.")));
        Map<String, Map<String, Integer>> causes = new TreeMap<>();
        for (SubjectData s : members) {
            s.values("death", "cause").stream().findFirst()
                    .ifPresent(c -> causes.computeIfAbsent(c, k -> new LinkedHashMap<>()).merge(group(s), 1, Integer::sum));
        }
        blocks.add(new Table("deaths", "Deaths by cause", header("Cause"), countRows(causes), List.of()));
    }

    /** One row per label: the patients of each group and, with several groups, of all. */
    private List<List<String>> countRows(Map<String, Map<String, Integer>> byLabel) {
        List<List<String>> rows = new ArrayList<>();
        byLabel.forEach((label, counts) -> {
            List<String> r = new ArrayList<>(List.of(label));
            groups.forEach(g -> r.add(Integer.toString(counts.getOrDefault(g, 0))));
            if (groups.size() > 1) {
                r.add(Integer.toString(counts.values().stream().mapToInt(Integer::intValue).sum()));
            }
            rows.add(r);
        });
        return rows;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double sd(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (x.length - 1));
    }
}
