package org.harmonia.server.analysis;

import static org.harmonia.server.reports.ReportNumbers.p;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.harmonia.server.analysis.StudyResults.AeRow;
import org.harmonia.server.analysis.StudyResults.ChangeRow;
import org.harmonia.server.analysis.StudyResults.Consort;
import org.harmonia.server.analysis.StudyResults.CrossoverSummary;
import org.harmonia.server.analysis.StudyResults.Efficacy;
import org.harmonia.server.analysis.StudyResults.ForestRow;
import org.harmonia.server.analysis.StudyResults.RepeatedMeasures;
import org.harmonia.server.analysis.StudyResults.RepeatedMeasuresRow;
import org.harmonia.server.analysis.StudyResults.SaeLine;
import org.harmonia.server.analysis.StudyResults.Safety;
import org.harmonia.server.analysis.StudyResults.TableRow;
import org.harmonia.server.analysis.StudyResults.VisitMean;
import org.harmonia.stats.StatsException;
import org.harmonia.stats.crossover.Crossover2x2;
import org.harmonia.stats.crossover.CrossoverColumns;
import org.harmonia.stats.crossover.CrossoverResult;
import org.harmonia.stats.data.DataTable;
import org.harmonia.server.analysis.StudyResults.SimulatedLevel;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.glm.Coefficient;
import org.harmonia.stats.glm.CoefficientTest;
import org.harmonia.stats.glm.Formula;
import org.harmonia.stats.glm.Inference;
import org.harmonia.stats.glm.ModelMatrix;
import org.harmonia.stats.glm.RerandomisationTest;
import org.harmonia.stats.glm.Family;
import org.harmonia.stats.glm.Glm;
import org.harmonia.stats.glm.GlmResult;
import org.harmonia.stats.mmrm.ArmDifference;
import org.harmonia.stats.mmrm.CovarianceStructure;
import org.harmonia.stats.mmrm.LeastSquaresMean;
import org.harmonia.stats.mmrm.Mmrm;
import org.harmonia.stats.mmrm.MmrmResult;
import org.harmonia.stats.mmrm.MmrmSpec;
import org.harmonia.stats.tests.TTest;
import org.harmonia.stats.tests.TTestOptions;
import org.harmonia.stats.tests.TTestResult;
import org.harmonia.trial.protocol.AnalysisMethod;
import org.harmonia.trial.protocol.AnalysisPopulation;
import org.harmonia.trial.protocol.AnalysisSpec;
import org.harmonia.trial.protocol.DataPoint;
import org.harmonia.trial.protocol.EpochType;
import org.harmonia.trial.protocol.Period;
import org.harmonia.trial.protocol.PopulationRequirement;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Sequence;
import org.harmonia.trial.protocol.SubTrial;
import org.harmonia.trial.protocol.Visit;
import org.harmonia.trial.randomisation.AllocationProcedure;
import org.harmonia.trial.randomisation.RandomisationException;
import org.harmonia.trial.randomisation.RerandomisedAllocations;
import org.harmonia.trial.subject.SubjectStatus;

/**
 * Runs the protocol's statistical analysis plan on a snapshot: CONSORT flow, baseline characteristics, the
 * primary efficacy model, adverse-event tables, the crossover and change-from-baseline analyses, and the
 * series for the charts. Every model is fitted by the {@code stats} engine. A blinded snapshot yields
 * pooled results only.
 */
public final class StudyAnalysis {
    /** The pooled group of a blinded analysis. */
    public static final String ALL = "All";
    /** The form that records a study treatment; a subject with one is treated. */
    static final String TREATMENT_FORM = "treatment_administration";

    private final Protocol protocol;
    private final TrialSnapshot snapshot;
    private final List<String> groups;
    private final AnalysisSpec primarySpec;

    public StudyAnalysis(Protocol protocol, TrialSnapshot snapshot) {
        this.protocol = protocol;
        this.snapshot = snapshot;
        this.groups = snapshot.unblinded() ? protocol.sequences().stream().map(Sequence::id).toList() : List.of(ALL);
        this.primarySpec = protocol.analysis().first(AnalysisMethod.NEGATIVE_BINOMIAL).orElse(null);
    }

    public StudyResults run() {
        List<SubjectData> fas = members("FAS");
        List<SubjectData> safety = members("SAF");
        return new StudyResults(snapshot, groups, consort(fas, safety), baseline(), primary(fas), forest(fas), safety(safety),
                crossover(fas), edssChange(fas), visitMeans(fas, "mri", "gel_count"), visitMeans(fas, "edss", "edss"),
                repeatedMeasures(fas));
    }

    /** The group of a subject: its sequence when unblinded, the pooled group otherwise. */
    String group(SubjectData s) {
        return snapshot.unblinded() ? s.sequenceId() : ALL;
    }

    public String label(String group) {
        return protocol.sequences().stream().filter(s -> s.id().equals(group)).map(Sequence::label).findFirst().orElse(group);
    }

    /** Members of an analysis set, by the requirements the protocol gives it (all randomised subjects if the set is not defined). */
    public List<SubjectData> members(String populationId) {
        Optional<AnalysisPopulation> population = protocol.analysis().population(populationId);
        Predicate<SubjectData> in = s -> s.randomised();
        if (population.isPresent()) {
            for (PopulationRequirement r : population.get().requires()) {
                in = in.and(requirement(r));
            }
        }
        return snapshot.subjects().stream().filter(in).toList();
    }

    private Predicate<SubjectData> requirement(PopulationRequirement r) {
        int treatmentPeriods = (int) protocol.epochs().stream().filter(e -> e.type() == EpochType.TREATMENT).count();
        DataPoint response = primarySpec == null ? null : primarySpec.response();
        DataPoint baseline = primarySpec == null ? null : primarySpec.baseline();
        return switch (r) {
            case RANDOMISED -> SubjectData::randomised;
            case TREATED -> s -> s.visitsWith(TREATMENT_FORM) > 0;
            case TREATED_BOTH_PERIODS -> s -> s.visitsWith(TREATMENT_FORM) >= treatmentPeriods;
            case BASELINE_MRI -> s -> baseline == null || baseline.visits().stream()
                    .allMatch(v -> s.value(v, baseline.form(), baseline.field()).isPresent());
            case POST_BASELINE_MRI -> s -> response == null || response.visits().stream()
                    .anyMatch(v -> s.value(v, response.form(), response.field()).isPresent());
            case ALL_PRIMARY_MRI -> s -> response == null || response.visits().stream()
                    .allMatch(v -> s.value(v, response.form(), response.field()).isPresent());
        };
    }

    private Consort consort(List<SubjectData> fas, List<SubjectData> safety) {
        List<SubjectData> all = snapshot.subjects();
        Map<String, Integer> reasons = new TreeMap<>();
        all.stream().filter(s -> s.status() == SubjectStatus.SCREEN_FAILED)
                .forEach(s -> s.failedCriteria().forEach(c -> reasons.merge(criterionText(s, c), 1, Integer::sum)));
        List<SubjectData> randomised = all.stream().filter(SubjectData::randomised).toList();
        Map<String, Integer> withdrawalReasons = new TreeMap<>();
        randomised.stream().filter(s -> s.status() == SubjectStatus.WITHDRAWN)
                .forEach(s -> withdrawalReasons.merge(s.endReason() == null ? "not given" : s.endReason(), 1, Integer::sum));
        return new Consort(all.size(), count(all, s -> s.status() == SubjectStatus.SCREEN_FAILED), reasons,
                count(all, s -> s.status() == SubjectStatus.SCREENING),
                count(all, s -> s.status() == SubjectStatus.ELIGIBLE),
                count(all, SubjectData::enrolled),
                byGroup(randomised, s -> true),
                byGroup(randomised, s -> s.visitsWith(TREATMENT_FORM) > 0),
                byGroup(randomised, s -> s.status() == SubjectStatus.COMPLETED),
                byGroup(randomised, s -> s.status() == SubjectStatus.WITHDRAWN),
                withdrawalReasons, byGroup(fas, s -> true), byGroup(safety, s -> true));
    }

    private String criterionText(SubjectData s, String criterionId) {
        return protocol.eligibilityFor(s.subTrialId()).stream().filter(c -> c.id().equals(criterionId)).findFirst()
                .map(c -> criterionId + " " + shorten(c.text())).orElse(criterionId);
    }

    private static String shorten(String text) {
        return text.length() <= 70 ? text : text.substring(0, 67) + "...";
    }

    private List<TableRow> baseline() {
        List<SubjectData> randomised = snapshot.subjects().stream().filter(SubjectData::randomised).toList();
        List<TableRow> rows = new ArrayList<>();
        rows.add(row("Patients, n", randomised, list -> Integer.toString(list.size())));
        rows.add(row("Age, years, mean (SD)", randomised, list -> meanSd(list, s -> years(s.screening().get("date_of_birth"), s.screeningDate()))));
        rows.add(row("Women, n (%)", randomised, list -> nPercent(list, s -> "female".equals(s.screening().get("sex")))));
        for (String phenotype : List.of("RRMS", "SPMS", "PPMS")) {
            rows.add(row(phenotype + ", n (%)", randomised, list -> nPercent(list, s -> phenotype.equals(s.screening().get("phenotype")))));
        }
        rows.add(row("Disease duration, years, mean (SD)", randomised,
                list -> meanSd(list, s -> years(s.screening().get("ms_onset_date"), s.screeningDate()))));
        rows.add(row("EDSS at screening, median (IQR)", randomised, list -> medianIqr(list, s -> number(s.screening().get("edss")))));
        rows.add(row("Relapses in the last 12 months, mean (SD)", randomised, list -> meanSd(list, s -> number(s.screening().get("relapses_12m")))));
        if (primarySpec != null && primarySpec.baseline() != null) {
            DataPoint b = primarySpec.baseline();
            rows.add(row("Gadolinium-enhancing lesions at baseline, mean (SD)", randomised,
                    list -> meanSd(list, s -> s.number(b.visits().get(0), b.form(), b.field()).orElse(null))));
        }
        return rows;
    }

    private TableRow row(String label, List<SubjectData> subjects, Function<List<SubjectData>, String> cell) {
        List<String> cells = new ArrayList<>();
        if (snapshot.unblinded()) {
            for (String g : groups) {
                cells.add(cell.apply(subjects.stream().filter(s -> g.equals(s.sequenceId())).toList()));
            }
        }
        cells.add(cell.apply(subjects));
        return new TableRow(label, cells);
    }

    /** The primary analysis: negative binomial regression as the plan prescribes; blinded, only its pooled counts. */
    private Efficacy primary(List<SubjectData> fas) {
        if (primarySpec == null) {
            return null;
        }
        Map<String, Integer> n = byGroup(fas, s -> true);
        Map<String, Double> means = new LinkedHashMap<>();
        for (String g : groups) {
            means.put(g, fas.stream().filter(s -> group(s).equals(g)).mapToDouble(s -> sum(s, primarySpec.response()))
                    .average().orElse(Double.NaN));
        }
        String population = protocol.analysis().population(primarySpec.populationId()).map(AnalysisPopulation::label)
                .orElse(primarySpec.populationId());
        SimulatedLevel simulated = SimulatedOperatingCharacteristics.of(protocol, primarySpec.inference());
        if (!snapshot.unblinded()) {
            return new Efficacy(primarySpec.id(), primarySpec.label(), population, fas.size(), n, means, null, null, null, null,
                    null, null, null, "blinded: the comparison between sequences is in the unblinded report only",
                    primarySpec.inference(), null, simulated);
        }
        String compared = groups.stream().filter(g -> !g.equals(primarySpec.reference())).findFirst().orElse(null);
        String formula = formula(primarySpec);
        try {
            ModelMatrix m = ModelMatrix.build(primaryTable(fas, primarySpec), Formula.parse(formula),
                    Map.of("sequence", primarySpec.reference()));
            GlmResult fit = Glm.fit(m, formula, Family.NEGBIN, null, primarySpec.inference());
            Coefficient c = fit.coefficient("sequence" + compared);
            RerandomisationTest rerandomised = primarySpec.inference().test() == CoefficientTest.RERANDOMISATION
                    ? rerandomisation(fas, m, compared) : null;
            return new Efficacy(primarySpec.id(), primarySpec.label(), population, fit.n(), n, means,
                    label(compared) + " vs " + label(primarySpec.reference()), c.expEstimate(), c.expCiLow(), c.expCiHigh(),
                    rerandomised == null ? c.p() : rerandomised.p(), fit.theta(), formula, null, primarySpec.inference(), rerandomised,
                    simulated);
        } catch (StatsException | RandomisationException e) {
            return new Efficacy(primarySpec.id(), primarySpec.label(), population, fas.size(), n, means,
                    label(compared) + " vs " + label(primarySpec.reference()), null, null, null, null, null, formula, e.getMessage(),
                    primarySpec.inference(), null, simulated);
        }
    }

    /**
     * The plan's re-randomisation test of the primary comparison: the protocol's allocation procedure re-run over every
     * randomised subject of the snapshot in the order they were randomised (subjects outside the analysis set keep their
     * place in the lists), with the plan's seed and number of re-randomisations, against the score statistic of the
     * model without sequence.
     */
    private RerandomisationTest rerandomisation(List<SubjectData> fas, ModelMatrix m, String compared) {
        Map<String, SubjectData> byId = new LinkedHashMap<>();
        snapshot.subjects().forEach(s -> byId.put(s.id(), s));
        List<String> order = snapshot.randomisationOrder();
        if (order.isEmpty()) {
            throw new InvalidDataException("the re-randomisation test needs the order in which the subjects were randomised, "
                    + "which this data snapshot does not hold");
        }
        AllocationProcedure procedure = AllocationProcedure.of(protocol.design().randomisation(), protocol.sequences());
        List<Map<String, String>> levels = new ArrayList<>();
        Map<String, Integer> position = new LinkedHashMap<>();
        for (String id : order) {
            SubjectData s = byId.get(id);
            Map<String, String> v = new LinkedHashMap<>();
            for (String f : procedure.factors()) {
                String value = switch (f) {
                    case "subTrial" -> s.subTrialId();
                    case "site" -> s.siteId();
                    default -> s.screening().get(f);
                };
                if (value != null) {
                    v.put(f, value);
                }
            }
            position.put(id, levels.size());
            levels.add(v);
        }
        int[] rows = m.rows();
        int[] rowPatient = new int[rows.length];
        for (int r = 0; r < rows.length; r++) {
            Integer at = position.get(fas.get(rows[r] - 1).id());
            if (at == null) {
                throw new InvalidDataException("subject " + fas.get(rows[r] - 1).id() + " is analysed but has no place in the order of randomisation");
            }
            rowPatient[r] = at;
        }
        Inference inference = primarySpec.inference();
        return RerandomisedAllocations.test(Family.NEGBIN, m, "sequence" + compared, procedure.forPatients(levels),
                procedure.indexOf(compared), rowPatient, inference.rerandomisations(), inference.seed());
    }

    /** The model formula of a negative-binomial analysis, as R writes it (the ADaM export's R script fits the same). */
    public static String formula(AnalysisSpec spec) {
        StringBuilder f = new StringBuilder("y ~ sequence");
        for (String c : spec.covariates()) {
            f.append(" + ").append(c.equals("baseline") ? "baseline" : c.equals("subTrial") ? "factor(subTrial)" : c);
        }
        if ("log-scans".equals(spec.offset())) {
            f.append(" + offset(log(scans))");
        }
        return f.toString();
    }

    /** The primary analysis data set: one row per subject with response, scans, baseline, sub-trial and sequence. */
    DataTable primaryTable(List<SubjectData> subjects, AnalysisSpec spec) {
        Map<String, List<String>> cols = new LinkedHashMap<>();
        for (String c : List.of("subject", "y", "scans", "baseline", "subTrial", "site", "sequence")) {
            cols.put(c, new ArrayList<>());
        }
        for (String c : spec.covariates()) {
            cols.putIfAbsent(c, new ArrayList<>());
        }
        for (SubjectData s : subjects) {
            cols.get("subject").add(s.id());
            cols.get("y").add(fmt(sum(s, spec.response())));
            cols.get("scans").add(Long.toString(spec.response().visits().stream()
                    .filter(v -> s.value(v, spec.response().form(), spec.response().field()).isPresent()).count()));
            DataPoint b = spec.baseline();
            cols.get("baseline").add(b == null ? "" : s.value(b.visits().get(0), b.form(), b.field()).orElse(""));
            cols.get("subTrial").add(s.subTrialId());
            cols.get("site").add(s.siteId());
            cols.get("sequence").add(s.sequenceId());
            for (String c : spec.covariates()) {
                if (!List.of("baseline", "subTrial", "site").contains(c)) {
                    cols.get(c).add(s.screening().getOrDefault(c, ""));
                }
            }
        }
        return new DataTable("the " + spec.id() + " data set", cols);
    }

    private List<ForestRow> forest(List<SubjectData> fas) {
        if (primarySpec == null || !snapshot.unblinded()) {
            return List.of();
        }
        String compared = groups.stream().filter(g -> !g.equals(primarySpec.reference())).findFirst().orElseThrow();
        List<ForestRow> rows = new ArrayList<>();
        for (SubTrial st : protocol.subTrials()) {
            List<SubjectData> in = fas.stream().filter(s -> s.subTrialId().equals(st.id())).toList();
            rows.add(forestRow(st.name(), in, compared));
        }
        rows.add(forestRow("Overall (unadjusted)", fas, compared));
        return rows;
    }

    private ForestRow forestRow(String label, List<SubjectData> subjects, String compared) {
        long groupsPresent = subjects.stream().map(SubjectData::sequenceId).distinct().count();
        if (subjects.size() < 4 || groupsPresent < 2) {
            return new ForestRow(label, subjects.size(), null, null, null, "too few patients in both sequences");
        }
        try {
            GlmResult fit = Glm.fit(primaryTable(subjects, primarySpec), "y ~ sequence + offset(log(scans))", Family.NEGBIN,
                    Map.of("sequence", primarySpec.reference()));
            Coefficient c = fit.coefficient("sequence" + compared);
            return new ForestRow(label, fit.n(), c.expEstimate(), c.expCiLow(), c.expCiHigh(), null);
        } catch (StatsException e) {
            return new ForestRow(label, subjects.size(), null, null, null, "not estimable: " + e.getMessage());
        }
    }

    private Safety safety(List<SubjectData> safetySet) {
        Map<String, Integer> patients = byGroup(safetySet, s -> true);
        Map<String, List<Map<String, String>>> eventsByGroup = new LinkedHashMap<>();
        groups.forEach(g -> eventsByGroup.put(g, new ArrayList<>()));
        List<SaeLine> serious = new ArrayList<>();
        int deaths = 0;
        for (SubjectData s : safetySet) {
            for (Map<String, String> ae : s.adverseEvents()) {
                eventsByGroup.get(group(s)).add(withSubject(ae, s.id()));
                if ("yes".equals(ae.get("serious"))) {
                    serious.add(new SaeLine(s.id(), s.siteId(), snapshot.unblinded() ? label(group(s)) : "", ae.get("verbatim_term"),
                            ae.get("soc"), ae.get("onset_date"), ae.get("severity"), ae.get("ctcae_grade"), ae.get("relatedness"),
                            ae.get("outcome")));
                }
                if ("fatal".equals(ae.get("outcome"))) {
                    deaths++;
                }
            }
        }
        List<String> socs = new ArrayList<>(new TreeMap<String, Boolean>(eventsByGroup.values().stream().flatMap(List::stream)
                .collect(java.util.stream.Collectors.toMap(ae -> ae.get("soc"), ae -> true, (a, b) -> a))).keySet());
        List<AeRow> bySoc = socs.stream().map(soc -> aeRow(soc, eventsByGroup, ae -> soc.equals(ae.get("soc")))).toList();
        List<AeRow> bySeverity = List.of("mild", "moderate", "severe").stream()
                .map(sev -> aeRow(sev, eventsByGroup, ae -> sev.equals(ae.get("severity")))).toList();
        AeRow total = aeRow("Any adverse event", eventsByGroup, ae -> true);
        serious.sort(java.util.Comparator.comparing(SaeLine::subjectId).thenComparing(l -> l.onset() == null ? "" : l.onset()));
        return new Safety(patients, bySoc, bySeverity, total, serious, deaths);
    }

    private static Map<String, String> withSubject(Map<String, String> ae, String subject) {
        Map<String, String> m = new LinkedHashMap<>(ae);
        m.put("subject", subject);
        return m;
    }

    private AeRow aeRow(String label, Map<String, List<Map<String, String>>> byGroup, Predicate<Map<String, String>> which) {
        Map<String, Integer> events = new LinkedHashMap<>();
        Map<String, Integer> patients = new LinkedHashMap<>();
        byGroup.forEach((g, list) -> {
            List<Map<String, String>> hits = list.stream().filter(which).toList();
            events.put(g, hits.size());
            patients.put(g, (int) hits.stream().map(ae -> ae.get("subject")).distinct().count());
        });
        return new AeRow(label, events, patients);
    }

    private CrossoverSummary crossover(List<SubjectData> fas) {
        AnalysisSpec spec = protocol.analysis().first(AnalysisMethod.CROSSOVER_NEGATIVE_BINOMIAL).orElse(null);
        if (spec == null || !snapshot.unblinded()) {
            return null;
        }
        Map<String, List<String>> cols = new LinkedHashMap<>();
        for (String c : List.of("subject", "period", "treatment", "sequence", "y")) {
            cols.put(c, new ArrayList<>());
        }
        for (SubjectData s : fas) {
            Sequence seq = protocol.sequences().stream().filter(q -> q.id().equals(s.sequenceId())).findFirst().orElseThrow();
            double[] sums = new double[2];
            boolean complete = true;
            for (int p = 0; p < 2; p++) {
                var period = spec.periods().get(p);
                boolean any = false;
                for (String v : period.visits()) {
                    Optional<Double> x = s.number(v, spec.response().form(), spec.response().field());
                    if (x.isPresent()) {
                        sums[p] += x.get();
                        any = true;
                    }
                }
                complete &= any;
            }
            if (!complete) {
                continue;
            }
            for (int p = 0; p < 2; p++) {
                String epoch = spec.periods().get(p).epochId();
                String arm = seq.periods().stream().filter(x -> x.epochId().equals(epoch)).map(Period::armId).findFirst().orElseThrow();
                cols.get("subject").add(s.id());
                cols.get("period").add(Integer.toString(p + 1));
                cols.get("treatment").add(arm);
                cols.get("sequence").add(seq.id());
                cols.get("y").add(fmt(sums[p]));
            }
        }
        String control = protocol.arms().stream().filter(a -> a.type() != null && a.type().contains("placebo")).map(a -> a.id())
                .findFirst().orElse(null);
        try {
            CrossoverResult r = Crossover2x2.analyse(new DataTable("the crossover data set", cols),
                    new CrossoverColumns("subject", "period", "treatment", "sequence", "y"), Family.NEGBIN, control);
            return new CrossoverSummary(r.subjects(), r.excludedSubjects(), r.treatment().expEstimate(), r.treatment().expCiLow(),
                    r.treatment().expCiHigh(), r.treatment().p(), r.period().expEstimate(), null);
        } catch (StatsException e) {
            return new CrossoverSummary(cols.get("subject").size() / 2, List.of(), null, null, null, null, null, e.getMessage());
        }
    }

    private List<ChangeRow> edssChange(List<SubjectData> fas) {
        AnalysisSpec spec = protocol.analysis().first(AnalysisMethod.CHANGE_FROM_BASELINE).orElse(null);
        if (spec == null) {
            return List.of();
        }
        List<ChangeRow> rows = new ArrayList<>();
        DataPoint b = spec.baseline();
        for (String visit : spec.response().visits()) {
            Map<String, String> byGroup = new LinkedHashMap<>();
            Map<String, double[]> changes = new LinkedHashMap<>();
            for (String g : groups) {
                double[] ch = fas.stream().filter(s -> group(s).equals(g))
                        .map(s -> s.number(visit, spec.response().form(), spec.response().field())
                                .flatMap(x -> s.number(b.visits().get(0), b.form(), b.field()).map(y -> x - y)))
                        .filter(Optional::isPresent).mapToDouble(Optional::get).toArray();
                changes.put(g, ch);
                byGroup.put(g, ch.length == 0 ? "-" : String.format(Locale.ROOT, "%.2f (%.2f), n=%d", mean(ch), sd(ch), ch.length));
            }
            String comparison = null;
            if (snapshot.unblinded() && groups.size() == 2) {
                double[] x = changes.get(groups.get(0));
                double[] y = changes.get(groups.get(1));
                if (x.length >= 2 && y.length >= 2) {
                    try {
                        TTestResult t = TTest.welch(x, y, TTestOptions.DEFAULT);
                        comparison = String.format(Locale.ROOT, "difference %.2f (95%% CI %.2f to %.2f), Welch p=%s",
                                mean(x) - mean(y), t.confInt().lower(), t.confInt().upper(), p(t.p()));
                    } catch (StatsException e) {
                        comparison = "not estimable: " + e.getMessage();
                    }
                }
            }
            rows.add(new ChangeRow(visit, byGroup, comparison));
        }
        return rows;
    }

    /**
     * The plan's MMRM on the analysis set: one row per patient and planned visit with a value, the visit coded by its
     * position in the plan (so the covariance follows the plan's order), the baseline as covariate. A blinded
     * snapshot fits visit (and baseline) only and reports the pooled means.
     */
    private RepeatedMeasures repeatedMeasures(List<SubjectData> fas) {
        AnalysisSpec spec = protocol.analysis().first(AnalysisMethod.MMRM).orElse(null);
        if (spec == null) {
            return null;
        }
        DataPoint y = spec.response();
        DataPoint b = spec.baseline();
        boolean compare = snapshot.unblinded() && groups.size() >= 2;
        String formula = "y ~ visit" + (compare ? " * group" : "") + (b == null ? "" : " + baseline");
        String reference = spec.reference() != null && groups.contains(spec.reference()) ? spec.reference() : groups.get(0);
        try {
            MmrmResult r = Mmrm.fit(repeatedMeasuresData(fas, spec, this::group), new MmrmSpec(
                    org.harmonia.stats.glm.Formula.parse(formula), "subject", "visit", compare ? "group" : null,
                    spec.covariance(), compare ? Map.of("group", reference) : Map.of()));
            List<RepeatedMeasuresRow> rows = new ArrayList<>();
            for (int v = 0; v < y.visits().size(); v++) {
                String code = Integer.toString(v + 1);
                Map<String, String> byGroup = new LinkedHashMap<>();
                for (LeastSquaresMean m : r.leastSquaresMeans()) {
                    if (m.visit().equals(code)) {
                        byGroup.put(m.arm() == null ? ALL : m.arm(), String.format(Locale.ROOT, "%.2f (%.2f)", m.estimate(), m.se()));
                    }
                }
                String comparison = null;
                for (ArmDifference d : r.differences()) {
                    if (d.visit().equals(code)) {
                        comparison = String.format(Locale.ROOT, "%s vs %s: %.2f (95%% CI %.2f to %.2f), df %.1f, p=%s", label(d.arm()),
                                label(d.reference()), d.estimate(), d.ciLow(), d.ciHigh(), d.df(), p(d.p()));
                    }
                }
                rows.add(new RepeatedMeasuresRow(y.visits().get(v), byGroup, comparison));
            }
            return new RepeatedMeasures(spec.id(), spec.label(), formula, r.subjects(), r.observations(), rows, null,
                    spec.covariance().description());
        } catch (StatsException e) {
            return new RepeatedMeasures(spec.id(), spec.label(), formula, 0, 0, List.of(), e.getMessage(),
                    spec.covariance().description());
        }
    }

    /**
     * The data set of an MMRM analysis: one row per subject and planned visit with a value (columns subject, visit, group,
     * baseline, y), the visit coded by its position in the plan (so the covariance follows the plan's order). A subject
     * without the baseline value has it empty, and the fit leaves those rows out.
     */
    public static DataTable repeatedMeasuresData(List<SubjectData> subjects, AnalysisSpec spec, Function<SubjectData, String> group) {
        DataPoint y = spec.response();
        DataPoint b = spec.baseline();
        Map<String, List<String>> cols = new LinkedHashMap<>();
        for (String c : List.of("subject", "visit", "group", "baseline", "y")) {
            cols.put(c, new ArrayList<>());
        }
        for (SubjectData s : subjects) {
            String base = b == null ? "" : s.number(b.visits().get(0), b.form(), b.field()).map(StudyAnalysis::fmt).orElse("");
            for (int v = 0; v < y.visits().size(); v++) {
                Optional<Double> value = s.number(y.visits().get(v), y.form(), y.field());
                if (value.isEmpty()) {
                    continue;
                }
                cols.get("subject").add(s.id());
                cols.get("visit").add(Integer.toString(v + 1));
                cols.get("group").add(group.apply(s));
                cols.get("baseline").add(base);
                cols.get("y").add(fmt(value.get()));
            }
        }
        return new DataTable("the repeated-measures data set", cols);
    }

    private Map<String, List<VisitMean>> visitMeans(List<SubjectData> subjects, String form, String field) {
        Map<String, List<VisitMean>> out = new LinkedHashMap<>();
        for (String g : groups) {
            List<VisitMean> means = new ArrayList<>();
            for (Visit v : protocol.visits()) {
                if (v.targetDay() < 0) {
                    continue;
                }
                double[] x = subjects.stream().filter(s -> group(s).equals(g)).map(s -> s.number(v.id(), form, field))
                        .filter(Optional::isPresent).mapToDouble(Optional::get).toArray();
                if (x.length > 0) {
                    means.add(new VisitMean(v.id(), v.targetDay() / 7, x.length, mean(x), x.length > 1 ? sd(x) / Math.sqrt(x.length) : 0));
                }
            }
            out.put(g, means);
        }
        return out;
    }

    private Map<String, Integer> byGroup(List<SubjectData> subjects, Predicate<SubjectData> which) {
        Map<String, Integer> out = new LinkedHashMap<>();
        groups.forEach(g -> out.put(g, 0));
        subjects.stream().filter(which).forEach(s -> out.merge(group(s), 1, Integer::sum));
        return out;
    }

    private static int count(List<SubjectData> subjects, Predicate<SubjectData> which) {
        return (int) subjects.stream().filter(which).count();
    }

    private static double sum(SubjectData s, DataPoint d) {
        return d.visits().stream().map(v -> s.number(v, d.form(), d.field())).filter(Optional::isPresent)
                .mapToDouble(Optional::get).sum();
    }

    private static Double years(String date, LocalDate at) {
        if (date == null || date.equals("never") || at == null) {
            return null;
        }
        return java.time.Period.between(LocalDate.parse(date), at).getYears() + 0.0;
    }

    private static Double number(String text) {
        return text == null || text.isBlank() ? null : Double.valueOf(text);
    }

    static String meanSd(List<SubjectData> subjects, Function<SubjectData, Double> value) {
        double[] x = subjects.stream().map(value).filter(v -> v != null).mapToDouble(Double::doubleValue).toArray();
        return x.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f (%.1f)", mean(x), sd(x));
    }

    static String medianIqr(List<SubjectData> subjects, Function<SubjectData, Double> value) {
        double[] x = subjects.stream().map(value).filter(v -> v != null).mapToDouble(Double::doubleValue).sorted().toArray();
        return x.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", quantile(x, 0.5), quantile(x, 0.25), quantile(x, 0.75));
    }

    static String nPercent(List<SubjectData> subjects, Predicate<SubjectData> which) {
        long k = subjects.stream().filter(which).count();
        return subjects.isEmpty() ? "-" : String.format(Locale.ROOT, "%d (%.0f%%)", k, 100.0 * k / subjects.size());
    }

    /** R's default quantile (type 7): linear interpolation between order statistics. */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    static double mean(double[] x) {
        return Arrays.stream(x).average().orElse(Double.NaN);
    }

    static double sd(double[] x) {
        if (x.length < 2) {
            return 0;
        }
        double m = mean(x);
        return Math.sqrt(Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1));
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
