package org.harmonia.server.standards.sdtm;

import static org.harmonia.server.standards.dataset.Variable.integer;
import static org.harmonia.server.standards.dataset.Variable.number;
import static org.harmonia.server.standards.dataset.Variable.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.harmonia.server.standards.dataset.DatasetWriter;
import org.harmonia.trial.eligibility.CriterionKind;
import org.harmonia.trial.protocol.Arm;
import org.harmonia.trial.protocol.EligibilityCriterion;
import org.harmonia.trial.protocol.EligibilityMode;
import org.harmonia.trial.protocol.Epoch;
import org.harmonia.trial.protocol.EpochType;
import org.harmonia.trial.protocol.Level;
import org.harmonia.trial.protocol.Objective;
import org.harmonia.trial.protocol.Period;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Registration;
import org.harmonia.trial.protocol.Sequence;
import org.harmonia.trial.protocol.SubTrial;
import org.harmonia.trial.protocol.Visit;

/**
 * The trial design datasets, written from the protocol file alone (plus, in TS, the number of subjects randomised
 * and the first and last dates of the study data): trial arms (TA: each randomised sequence as an arm, its
 * periods as elements), trial elements (TE), trial visits (TV), trial inclusion/exclusion criteria (TI, the master
 * protocol's and each sub-trial's own) and the trial summary (TS). They hold no allocation: the arms of a design are
 * public.
 */
final class TrialDesign {
    /** The trial summary parameters written, with their names. */
    static final Map<String, String> TS_PARAMETERS = new LinkedHashMap<>();

    static {
        TS_PARAMETERS.put("TITLE", "Trial Title");
        TS_PARAMETERS.put("ACRONYM", "Trial Acronym");
        TS_PARAMETERS.put("TPHASE", "Trial Phase Classification");
        TS_PARAMETERS.put("STYPE", "Study Type");
        TS_PARAMETERS.put("INTMODEL", "Intervention Model");
        TS_PARAMETERS.put("RANDOM", "Trial is Randomized");
        TS_PARAMETERS.put("TBLIND", "Trial Blinding Schema");
        TS_PARAMETERS.put("TCNTRL", "Control Type");
        TS_PARAMETERS.put("NARMS", "Planned Number of Arms");
        TS_PARAMETERS.put("PLANSUB", "Planned Number of Subjects");
        TS_PARAMETERS.put("ACTSUB", "Actual Number of Subjects");
        TS_PARAMETERS.put("INDIC", "Trial Disease/Condition Indication");
        TS_PARAMETERS.put("TRT", "Investigational Therapy or Treatment");
        TS_PARAMETERS.put("ROUTE", "Route of Administration");
        TS_PARAMETERS.put("SPONSOR", "Clinical Study Sponsor");
        TS_PARAMETERS.put("AGEMIN", "Planned Minimum Age of Subjects");
        TS_PARAMETERS.put("AGEMAX", "Planned Maximum Age of Subjects");
        TS_PARAMETERS.put("OBJPRIM", "Trial Primary Objective");
        TS_PARAMETERS.put("OBJSEC", "Trial Secondary Objective");
        TS_PARAMETERS.put("REGID", "Registry Identifier");
        TS_PARAMETERS.put("SSTDTC", "Study Start Date");
        TS_PARAMETERS.put("SENDTC", "Study End Date");
        TS_PARAMETERS.put("PCLAS", "Pharmacological Class of Invest. Therapy");
    }

    private final StudyTimeline timeline;
    private final Protocol protocol;

    TrialDesign(StudyTimeline timeline) {
        this.timeline = timeline;
        this.protocol = timeline.protocol();
    }

    private static List<Column> ids() {
        List<Column> c = new ArrayList<>();
        c.add(Column.assigned(text("STUDYID", "Study Identifier", 20)));
        c.add(Column.assigned(text("DOMAIN", "Domain Abbreviation", 2)));
        return c;
    }

    static Domain ta() {
        List<Column> c = ids();
        c.add(Column.protocol(text("ARMCD", "Planned Arm Code", 20)));
        c.add(Column.protocol(text("ARM", "Description of Planned Arm", 40)));
        c.add(Column.protocol(integer("TAETORD", "Planned Order of Element within Arm")));
        c.add(Column.protocol(text("ETCD", "Element Code", 8)));
        c.add(Column.protocol(text("ELEMENT", "Description of Element", 40)));
        c.add(Column.protocol(text("TABRANCH", "Branch", 60)));
        c.add(Column.protocol(text("TATRANS", "Transition Rule", 60)));
        c.add(Column.protocol(text("EPOCH", "Epoch", 20), Terminology.EPOCH));
        return new Domain("TA", "Trial Arms", "TRIAL DESIGN", "One record per planned Element per Arm", true, c,
                List.of("STUDYID", "ARMCD", "TAETORD"));
    }

    static Domain te() {
        List<Column> c = ids();
        c.add(Column.protocol(text("ETCD", "Element Code", 8)));
        c.add(Column.protocol(text("ELEMENT", "Description of Element", 40)));
        c.add(Column.protocol(text("TESTRL", "Rule for Start of Element", 100)));
        c.add(Column.protocol(text("TEENRL", "Rule for End of Element", 100)));
        c.add(Column.protocol(text("TEDUR", "Planned Duration of Element", 10)));
        return new Domain("TE", "Trial Elements", "TRIAL DESIGN", "One record per planned Element", true, c, List.of("STUDYID", "ETCD"));
    }

    static Domain tv() {
        List<Column> c = ids();
        c.add(Column.protocol(number("VISITNUM", "Visit Number")));
        c.add(Column.protocol(text("VISIT", "Visit Name", 40)));
        c.add(Column.protocol(integer("VISITDY", "Planned Study Day of Visit")));
        c.add(Column.protocol(text("ARMCD", "Planned Arm Code", 20)));
        c.add(Column.protocol(text("TVSTRL", "Visit Start Rule", 100)));
        c.add(Column.protocol(text("TVENRL", "Visit End Rule", 100)));
        return new Domain("TV", "Trial Visits", "TRIAL DESIGN", "One record per planned Visit per Arm", true, c,
                List.of("STUDYID", "VISITNUM", "ARMCD"));
    }

    static Domain ti() {
        List<Column> c = ids();
        c.add(Column.protocol(text("IETESTCD", "Incl/Excl Criterion Short Name", 8)));
        c.add(Column.protocol(text("IETEST", "Inclusion/Exclusion Criterion", 200)));
        c.add(Column.protocol(text("IECAT", "Inclusion/Exclusion Category", 10), Terminology.IECAT));
        c.add(Column.protocol(text("IESCAT", "Inclusion/Exclusion Subcategory", 40)));
        c.add(Column.protocol(text("TIRL", "Inclusion/Exclusion Criterion Rule", 200)));
        c.add(Column.protocol(text("TIVERS", "Protocol Criteria Versions", 40)));
        return new Domain("TI", "Trial Inclusion/Exclusion Criteria", "TRIAL DESIGN", "One record per I/E criterion per protocol version", true, c,
                List.of("STUDYID", "TIVERS", "IETESTCD"));
    }

    static Domain ts() {
        List<Column> c = ids();
        c.add(Column.assigned(integer("TSSEQ", "Sequence Number")));
        c.add(Column.assigned(text("TSPARMCD", "Trial Summary Parameter Short Name", 8), Terminology.TSPARMCD));
        c.add(Column.assigned(text("TSPARM", "Trial Summary Parameter", 40)));
        c.add(Column.protocol(text("TSVAL", "Parameter Value", 200)));
        return new Domain("TS", "Trial Summary", "TRIAL DESIGN", "One record per trial summary parameter value", true, c,
                List.of("STUDYID", "TSPARMCD", "TSSEQ"));
    }

    void writeTa(Domain ta, DatasetWriter out) {
        Epoch screening = protocol.epochs().stream().filter(e -> e.type() == EpochType.SCREENING).findFirst().orElse(null);
        for (Sequence s : protocol.sequences()) {
            int order = 0;
            if (screening != null) {
                write(out, ta.row().set("STUDYID", timeline.studyId()).set("DOMAIN", "TA").set("ARMCD", StudyTimeline.armCode(s))
                        .set("ARM", s.label()).set("TAETORD", ++order).set("ETCD", "SCRN").set("ELEMENT", "Screening")
                        .set("TABRANCH", "Randomized to " + clip(s.label(), 46)).set("EPOCH", timeline.epoch(screening.id())));
            }
            for (Period p : s.periods()) {
                Arm arm = timeline.armIn(s, p.epochId());
                write(out, ta.row().set("STUDYID", timeline.studyId()).set("DOMAIN", "TA").set("ARMCD", StudyTimeline.armCode(s))
                        .set("ARM", s.label()).set("TAETORD", ++order).set("ETCD", StudyTimeline.elementCode(arm))
                        .set("ELEMENT", clip(arm.label(), 40)).set("EPOCH", timeline.epoch(p.epochId())));
            }
        }
    }

    void writeTe(Domain te, DatasetWriter out) {
        if (protocol.epochs().stream().anyMatch(e -> e.type() == EpochType.SCREENING)) {
            write(out, te.row().set("STUDYID", timeline.studyId()).set("DOMAIN", "TE").set("ETCD", "SCRN").set("ELEMENT", "Screening")
                    .set("TESTRL", "Informed consent").set("TEENRL", "Randomisation and the first study infusion"));
        }
        Set<String> written = new HashSet<>();
        for (Sequence s : protocol.sequences()) {
            for (int i = 0; i < s.periods().size(); i++) {
                Period p = s.periods().get(i);
                Arm arm = timeline.armIn(s, p.epochId());
                if (!written.add(arm.id())) {
                    continue;
                }
                Visit first = firstVisit(p.epochId());
                Visit next = i + 1 < s.periods().size() ? firstVisit(s.periods().get(i + 1).epochId()) : null;
                Visit last = lastVisit(p.epochId());
                int weeks = next != null && first != null ? (next.targetDay() - first.targetDay()) / 7
                        : last != null && first != null ? (last.targetDay() - first.targetDay()) / 7 : 0;
                write(out, te.row().set("STUDYID", timeline.studyId()).set("DOMAIN", "TE").set("ETCD", StudyTimeline.elementCode(arm))
                        .set("ELEMENT", clip(arm.label(), 40)).set("TESTRL", clip("Infusion of " + arm.label() + " (blinded)", 100))
                        .set("TEENRL", weeks > 0 ? weeks + " weeks after the start of the element" : null)
                        .set("TEDUR", weeks > 0 ? "P" + weeks + "W" : null));
            }
        }
    }

    private Visit firstVisit(String epochId) {
        return protocol.visits().stream().filter(v -> v.epochId().equals(epochId)).findFirst().orElse(null);
    }

    private Visit lastVisit(String epochId) {
        return protocol.visits().stream().filter(v -> v.epochId().equals(epochId)).reduce((a, b) -> b).orElse(null);
    }

    void writeTv(Domain tv, DatasetWriter out) {
        for (Visit v : protocol.visits()) {
            String window = v.window() == null ? "on the target day"
                    : "from " + v.window().early() + " days before to " + v.window().late() + " days after the target day";
            write(out, tv.row().set("STUDYID", timeline.studyId()).set("DOMAIN", "TV")
                    .set("VISITNUM", (double) timeline.visitNumber(v.id())).set("VISIT", timeline.visitName(v.id()))
                    .set("VISITDY", timeline.visitDay(v))
                    .set("TVSTRL", clip("Study day " + timeline.visitDay(v) + " (day " + v.targetDay() + " from the first infusion), " + window, 100)));
        }
    }

    void writeTi(Domain ti, DatasetWriter out) {
        Map<String, String> codes = new LinkedHashMap<>();
        criteria(ti, out, protocol.eligibility(), protocol.version(), null, codes);
        for (SubTrial st : protocol.subTrials()) {
            if (!st.eligibility().isEmpty()) {
                String how = st.eligibilityMode() == EligibilityMode.REPLACE ? "replaces" : "amends";
                criteria(ti, out, st.eligibility(), clip(protocol.version() + " " + st.id(), 40),
                        clip(st.name() + " (" + how + " the master list)", 40), codes);
            }
        }
    }

    private void criteria(Domain ti, DatasetWriter out, List<EligibilityCriterion> list, String version, String subcategory,
                          Map<String, String> codes) {
        for (EligibilityCriterion c : list) {
            write(out, ti.row().set("STUDYID", timeline.studyId()).set("DOMAIN", "TI").set("IETESTCD", criterionCode(c.id(), codes))
                    .set("IETEST", clip(c.text(), 200)).set("IECAT", c.kind() == CriterionKind.INCLUSION ? "INCLUSION" : "EXCLUSION")
                    .set("IESCAT", subcategory).set("TIRL", clip(c.when() == null ? c.rule() : "when " + c.when() + ": " + c.rule(), 200))
                    .set("TIVERS", version));
        }
    }

    /** IETESTCD of a criterion: its id without punctuation, at most 8 characters, made unique by a number where cut ids meet. */
    static String criterionCode(String id, Map<String, String> codes) {
        if (codes.containsKey(id)) {
            return codes.get(id);
        }
        String base = id.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
        if (base.isEmpty() || Character.isDigit(base.charAt(0))) {
            base = "C" + base;
        }
        String code = base.length() > 8 ? base.substring(0, 8) : base;
        int n = 1;
        while (codes.containsValue(code)) {
            String suffix = Integer.toString(++n);
            code = base.substring(0, Math.min(base.length(), 8 - suffix.length())) + suffix;
        }
        codes.put(id, code);
        return code;
    }

    void writeTs(Domain ts, DatasetWriter out, int randomised, LocalDate first, LocalDate last) {
        Map<String, Integer> seq = new LinkedHashMap<>();
        java.util.function.BiConsumer<String, String> param = (code, value) -> {
            if (value == null || value.isBlank()) {
                return;
            }
            write(out, ts.row().set("STUDYID", timeline.studyId()).set("DOMAIN", "TS").set("TSSEQ", seq.merge(code, 1, Integer::sum))
                    .set("TSPARMCD", code).set("TSPARM", TS_PARAMETERS.get(code)).set("TSVAL", clip(value, 200)));
        };
        param.accept("TITLE", protocol.title());
        param.accept("ACRONYM", protocol.acronym());
        param.accept("TPHASE", phase(protocol.phase()));
        param.accept("STYPE", "INTERVENTIONAL");
        param.accept("INTMODEL", switch (protocol.design().type()) {
            case CROSSOVER -> "CROSS-OVER";
            case PARALLEL -> "PARALLEL";
            case SINGLE_ARM -> "SINGLE GROUP";
        });
        param.accept("RANDOM", protocol.design().randomised() ? "Y" : "N");
        param.accept("TBLIND", switch (protocol.design().masking()) {
            case NONE -> "OPEN LABEL";
            case SINGLE -> "SINGLE BLIND";
            case DOUBLE -> "DOUBLE BLIND";
            case TRIPLE, QUADRUPLE -> "DOUBLE BLIND";
        });
        if (protocol.arms().stream().anyMatch(a -> a.type() != null && a.type().contains("placebo"))) {
            param.accept("TCNTRL", "PLACEBO");
        }
        param.accept("NARMS", Integer.toString(protocol.sequences().isEmpty() ? protocol.arms().size() : protocol.sequences().size()));
        if (protocol.design().plannedEnrolment() != null) {
            param.accept("PLANSUB", protocol.design().plannedEnrolment().toString());
        }
        param.accept("ACTSUB", Integer.toString(randomised));
        param.accept("INDIC", protocol.condition());
        protocol.interventions().stream().filter(i -> !"placebo".equals(i.type())).forEach(i -> param.accept("TRT", i.name()));
        protocol.interventions().stream().flatMap(i -> i.routes().stream()).distinct()
                .forEach(r -> param.accept("ROUTE", r.name().replace('_', '-')));
        param.accept("SPONSOR", protocol.sponsor());
        ageLimits().forEach(param);
        for (Objective o : protocol.objectives()) {
            param.accept(o.level() == Level.PRIMARY ? "OBJPRIM" : "OBJSEC", o.text());
        }
        for (SubTrial st : protocol.subTrials()) {
            for (Registration r : st.registrations()) {
                param.accept("REGID", r.registry() + ": " + r.id() + " (" + st.name() + ")");
            }
        }
        param.accept("SSTDTC", first == null ? null : first.toString());
        param.accept("SENDTC", last == null ? null : last.toString());
    }

    /** AGEMIN and AGEMAX as ISO 8601 durations, read from an age criterion "years_since(date_of_birth) between A and B". */
    private Map<String, String> ageLimits() {
        Map<String, String> out = new LinkedHashMap<>();
        for (EligibilityCriterion c : protocol.eligibility()) {
            var m = java.util.regex.Pattern.compile("years_since\\(date_of_birth\\) between (\\d+) and (\\d+)").matcher(c.rule());
            if (m.find()) {
                out.put("AGEMIN", "P" + m.group(1) + "Y");
                out.put("AGEMAX", "P" + m.group(2) + "Y");
            }
        }
        return out;
    }

    private static String phase(String phase) {
        if (phase == null) {
            return null;
        }
        String p = phase.toLowerCase(Locale.ROOT).replace("phase", "").trim();
        return switch (p) {
            case "1" -> "PHASE I TRIAL";
            case "1/2", "1-2" -> "PHASE I/II TRIAL";
            case "2" -> "PHASE II TRIAL";
            case "2/3", "2-3" -> "PHASE II/III TRIAL";
            case "3" -> "PHASE III TRIAL";
            case "4" -> "PHASE IV TRIAL";
            default -> phase.toUpperCase(Locale.ROOT);
        };
    }

    private static void write(DatasetWriter out, Domain.Row row) {
        try {
            out.row(row.values());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String clip(String s, int max) {
        return SubjectDomains.clip(s, max);
    }
}
