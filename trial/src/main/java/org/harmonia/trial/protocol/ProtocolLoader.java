package org.harmonia.trial.protocol;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.math.BigDecimal;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.glm.CoefficientTest;
import org.harmonia.stats.glm.Inference;
import org.harmonia.stats.glm.RobustType;
import org.harmonia.stats.mmrm.CovarianceStructure;
import org.harmonia.trial.eligibility.CriterionKind;
import org.harmonia.trial.eligibility.Rule;
import org.harmonia.trial.eligibility.RuleSyntaxException;
import org.harmonia.trial.eligibility.ScreeningCheck;
import org.harmonia.trial.eligibility.ScreeningVariable;
import org.harmonia.trial.eligibility.TextRules;
import org.harmonia.trial.eligibility.VariableType;
import org.harmonia.trial.forms.FormCheck;
import org.harmonia.trial.forms.FormDefinition;
import org.harmonia.trial.forms.FormField;
import org.harmonia.trial.forms.OtherUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a protocol YAML file into a {@link Protocol}, checking its structure and every cross-reference,
 * and reports all problems of the file at once with line and path.
 */
public final class ProtocolLoader {
    /** The protocol file format this loader reads ({@code harmonia: 1}). */
    public static final int FORMAT = 1;

    private final List<ProtocolCheck> checks;

    public ProtocolLoader() {
        this(List.of());
    }

    /** A loader that also runs extra checks (e.g. the eligibility rule compiler) on every protocol it reads. */
    public ProtocolLoader(List<ProtocolCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    public Protocol load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ProtocolException(List.of(new ProtocolProblem(file.toString(), 0, "", "file not found")));
        } catch (IOException e) {
            throw new ProtocolException(List.of(new ProtocolProblem(file.toString(), 0, "", "cannot read: " + e.getMessage())));
        }
        return load(file.toString(), text);
    }

    /** Parses protocol text; {@code file} names it in problems. */
    public Protocol load(String file, String text) {
        YamlView.Problems problems = new YamlView.Problems(file);
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(20);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            String what = e.getProblem() == null ? e.getMessage() : e.getProblem();
            throw new ProtocolException(List.of(new ProtocolProblem(file, line, "", "not valid YAML: " + what)));
        } catch (YAMLException e) {
            throw new ProtocolException(List.of(new ProtocolProblem(file, 0, "", "not valid YAML: " + e.getMessage())));
        }
        if (root == null) {
            throw new ProtocolException(List.of(new ProtocolProblem(file, 0, "", "the file is empty")));
        }
        YamlView doc = new YamlView(root, "", YamlView.lineOf(root), problems);
        if (!doc.isMapping()) {
            throw new ProtocolException(problems.list());
        }
        Protocol protocol = new Reading(doc, sha256(text)).read();
        if (problems.list().isEmpty()) {
            for (ProtocolCheck check : checks) {
                check.check(protocol, new Locator(doc), problems);
            }
        }
        if (!problems.list().isEmpty()) {
            throw new ProtocolException(problems.list());
        }
        return protocol;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** An extra check run on a structurally valid protocol; it reports problems at paths of the document. */
    public interface ProtocolCheck {
        void check(Protocol protocol, Locator locator, Problems problems);
    }

    /** Where a protocol check records its problems. */
    public interface Problems {
        void add(int line, String path, String message);
    }

    /** Finds the line of a path such as {@code subTrials[6].eligibility.replace[2].rule} in the document. */
    public static final class Locator {
        private final YamlView doc;

        Locator(YamlView doc) {
            this.doc = doc;
        }

        public int line(String path) {
            YamlView v = doc;
            for (String part : path.split("\\.")) {
                int bracket = part.indexOf('[');
                String key = bracket < 0 ? part : part.substring(0, bracket);
                v = v.get(key);
                if (bracket >= 0) {
                    int index = Integer.parseInt(part.substring(bracket + 1, part.indexOf(']')));
                    List<YamlView> items = v.asList(false);
                    if (index >= items.size()) {
                        return v.line();
                    }
                    v = items.get(index);
                }
            }
            return v.line();
        }
    }

    /** One pass over one document. */
    private static final class Reading {
        private final YamlView doc;
        private final String sha256;
        /** Visits whose day could not be read, left out of the time-order check. */
        private final Set<String> visitsWithoutDay = new LinkedHashSet<>();

        Reading(YamlView doc, String sha256) {
            this.doc = doc;
            this.sha256 = sha256;
        }

        Protocol read() {
            doc.allowOnly("harmonia", "study", "design", "interventions", "arms", "epochs", "sequences", "visits",
                    "activities", "objectives", "endpoints", "forms", "screening", "screeningChecks", "eligibility", "analysis", "subTrials", "assumptions",
                    "sourceDataVerification", "translations", "editChecks", "metaAnalysis");
            Integer format = doc.integer("harmonia", true);
            if (format != null && format != FORMAT) {
                doc.get("harmonia").problem("file format " + format + " is not supported; this Harmonia reads format " + FORMAT);
            }
            YamlView study = doc.get("study");
            if (!study.present()) {
                study.problem("is required");
            }
            study.isMapping();
            study.allowOnly("id", "version", "acronym", "title", "phase", "condition", "sponsor");
            String id = study.text("id", true);
            if (id != null && !id.matches("[a-z][a-z0-9-]*")) {
                study.get("id").problem("\"" + id + "\" must be lower-case letters, digits and hyphens, starting with a letter");
            }
            String version = study.text("version", true);
            String title = study.text("title", true);

            List<Intervention> interventions = doc.mapList("interventions", false, this::intervention);
            unique(doc.list("interventions", false), Intervention::id, interventions, "intervention");
            List<Arm> arms = doc.mapList("arms", true, this::arm);
            unique(doc.list("arms", true), Arm::id, arms, "arm");
            List<Epoch> epochs = doc.mapList("epochs", true, this::epoch);
            unique(doc.list("epochs", true), Epoch::id, epochs, "epoch");
            Design design = design(doc.get("design"));
            List<Sequence> sequences = doc.get("sequences").present()
                    ? doc.mapList("sequences", false, this::sequence)
                    : impliedSequences(arms, epochs);
            unique(doc.list("sequences", false), Sequence::id, sequences, "sequence");
            List<Visit> visits = doc.mapList("visits", true, this::visit);
            unique(doc.list("visits", true), Visit::id, visits, "visit");
            List<Activity> activities = doc.mapList("activities", false, this::activity);
            unique(doc.list("activities", false), Activity::id, activities, "activity");
            List<Objective> objectives = doc.mapList("objectives", false, this::objective);
            unique(doc.list("objectives", false), Objective::id, objectives, "objective");
            List<Endpoint> endpoints = doc.mapList("endpoints", false, this::endpoint);
            unique(doc.list("endpoints", false), Endpoint::id, endpoints, "endpoint");
            List<FormDefinition> forms = doc.mapList("forms", false, this::form);
            unique(doc.list("forms", false), FormDefinition::id, forms, "form");
            List<ScreeningVariable> screening = doc.mapList("screening", false, this::screeningVariable);
            unique(doc.list("screening", false), ScreeningVariable::name, screening, "screening field");
            List<ScreeningCheck> screeningChecks = screeningChecks(screening);
            List<EligibilityCriterion> eligibility = criteria(doc.list("eligibility", false));
            unique(doc.list("eligibility", false), EligibilityCriterion::id, eligibility, "criterion");
            List<SubTrial> subTrials = doc.mapList("subTrials", false, v -> subTrial(v, eligibility));
            unique(doc.list("subTrials", false), SubTrial::id, subTrials, "sub-trial");
            List<Assumption> assumptions = doc.mapList("assumptions", false, this::assumption);

            Ids ids = new Ids(interventions, arms, epochs, visits, activities, endpoints);
            checkReferences(ids, design, arms, sequences, visits, activities, objectives, endpoints, subTrials);
            checkForms(forms, activities);
            TimeToEventSection.checkForms(doc.list("endpoints", false), endpoints, forms);
            checkRules(screening, eligibility, subTrials);
            AnalysisPlan analysis = analysisPlan(doc.get("analysis"), ids, forms, sequences, arms, epochs, endpoints);
            SourceDataVerificationPlan sdv = SourceDataVerificationReader.read(doc.get("sourceDataVerification"), visits, forms,
                    endpoints);
            List<EditCheck> editChecks = new EditCheckReader(visits, activities, forms).read(doc.get("editChecks"));
            MetaAnalysisPlan metaAnalysis = MetaAnalysisSection.read(doc.get("metaAnalysis"));

            Protocol english = new Protocol(id, version, study.text("acronym", false), title, study.text("phase", false),
                    study.text("condition", false), study.text("sponsor", false), design, interventions, arms, epochs,
                    sequences, visits, activities, objectives, endpoints, forms, screening, screeningChecks, eligibility, subTrials,
                    analysis, assumptions, sdv, ProtocolTranslations.NONE, editChecks, sha256, metaAnalysis);
            YamlView t = doc.get("translations");
            if (!t.present()) {
                return english;
            }
            return new Protocol(english.id(), english.version(), english.acronym(), english.title(), english.phase(),
                    english.condition(), english.sponsor(), design, interventions, arms, epochs, sequences, visits, activities,
                    objectives, endpoints, forms, screening, screeningChecks, eligibility, subTrials, analysis, assumptions, sdv,
                    translations(t, english.translatableTexts()), editChecks, sha256, metaAnalysis);
        }

        /**
         * {@code translations: {it: {"English text": "testo italiano", ...}, ...}}. A key that is no text of the
         * protocol (a typo, or an English wording changed since) is refused rather than ignored, so a stale
         * translation can never be shown.
         */
        private static ProtocolTranslations translations(YamlView v, Set<String> texts) {
            if (!v.isMapping()) {
                return ProtocolTranslations.NONE;
            }
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            for (Map.Entry<String, YamlView> language : v.entries()) {
                String code = language.getKey();
                YamlView lv = language.getValue();
                if (!ProtocolTranslations.LANGUAGE.matcher(code).matches()) {
                    lv.problem("\"" + code + "\" is not a two-letter ISO 639-1 language code such as it, es, fr, de, sv or da");
                    continue;
                }
                if ("en".equals(code)) {
                    lv.problem("the protocol's own texts are the English ones; translations are for other languages");
                    continue;
                }
                if (!lv.isMapping()) {
                    continue;
                }
                Map<String, String> byText = new LinkedHashMap<>();
                for (Map.Entry<String, YamlView> e : lv.entries()) {
                    String english = e.getKey().strip();
                    if (!texts.contains(english)) {
                        e.getValue().problem("\"" + english + "\" is no text of this protocol (a label, choice, check"
                                + " message or criterion wording, exactly as written in English)");
                        continue;
                    }
                    String translated = e.getValue().asText(true);
                    if (translated == null) {
                        continue;
                    }
                    String bad = TextRules.problem(translated, ScreeningVariable.SINGLE_LINE_MAX, false);
                    if (bad != null) {
                        e.getValue().problem(bad);
                        continue;
                    }
                    byText.put(english, translated);
                }
                out.put(code, byText);
            }
            return new ProtocolTranslations(out);
        }

        private Design design(YamlView v) {
            if (!v.present()) {
                v.problem("is required");
                return new Design(DesignType.PARALLEL, false, Masking.NONE, List.of(), null, Randomisation.none());
            }
            v.isMapping();
            v.allowOnly("type", "allocation", "masking", "maskedRoles", "plannedEnrolment", "randomisation");
            DesignType type = v.choice("type", DesignType.class, true);
            String allocation = v.text("allocation", true);
            boolean randomised = false;
            if (allocation != null) {
                switch (allocation) {
                    case "randomised", "randomized" -> randomised = true;
                    case "non-randomised", "non-randomized", "none" -> randomised = false;
                    default -> v.get("allocation").problem("\"" + allocation + "\" is not one of: randomised, non-randomised");
                }
            }
            Masking masking = v.choice("masking", Masking.class, true);
            Integer planned = v.integer("plannedEnrolment", false);
            if (planned != null && planned < 1) {
                v.get("plannedEnrolment").problem("must be at least 1");
            }
            Randomisation randomisation = randomisation(v.get("randomisation"), randomised);
            return new Design(type == null ? DesignType.PARALLEL : type, randomised,
                    masking == null ? Masking.NONE : masking, v.texts("maskedRoles", false), planned, randomisation);
        }

        /** A plain text, or {@code {text, concealed}} for one that blinded staff must not read in the system. */
        private Assumption assumption(YamlView v) {
            if (!v.mapping()) {
                String text = v.asText(true);
                return text == null ? null : new Assumption(text, false);
            }
            v.allowOnly("text", "concealed");
            String text = v.text("text", true);
            String concealed = v.text("concealed", false);
            if (concealed != null && !concealed.equals("true") && !concealed.equals("false")) {
                v.get("concealed").problem("must be true or false");
            }
            return text == null ? null : new Assumption(text, "true".equals(concealed));
        }

        private Randomisation randomisation(YamlView v, boolean randomised) {
            if (!v.present()) {
                if (randomised) {
                    v.problem("is required for a randomised design");
                }
                return Randomisation.none();
            }
            v.isMapping();
            v.allowOnly("method", "blockSizes", "strata", "factors", "probability");
            RandomisationMethod method = v.choice("method", RandomisationMethod.class, true);
            List<Integer> blocks = v.mapList("blockSizes", false, x -> {
                Integer b = x.asInteger(true);
                if (b != null && b < 1) {
                    x.problem("block size must be at least 1");
                }
                return b;
            });
            if (method == RandomisationMethod.PERMUTED_BLOCKS && blocks.isEmpty()) {
                v.get("blockSizes").problem("permuted blocks need at least one block size");
            }
            Double probability = null;
            String p = v.text("probability", false);
            if (p != null) {
                try {
                    probability = Double.valueOf(p);
                    if (!(probability > 0.5 && probability <= 1.0)) {
                        v.get("probability").problem("must be above 0.5 and at most 1");
                    }
                } catch (NumberFormatException e) {
                    v.get("probability").problem("\"" + p + "\" is not a number");
                }
            }
            List<String> factors = v.texts("factors", false);
            if (method == RandomisationMethod.MINIMISATION && factors.isEmpty()) {
                v.get("factors").problem("minimisation needs at least one factor");
            }
            return new Randomisation(method == null ? RandomisationMethod.NONE : method, blocks,
                    v.texts("strata", false), factors, probability);
        }

        private Intervention intervention(YamlView v) {
            v.isMapping();
            v.allowOnly("id", "name", "type", "dose", "routes", "courses");
            Dose dose = null;
            YamlView d = v.get("dose");
            if (d.present()) {
                d.isMapping();
                d.allowOnly("amount", "unit");
                dose = new Dose(d.text("amount", true), d.text("unit", true));
            }
            List<Route> routes = new ArrayList<>();
            for (YamlView r : v.list("routes", false)) {
                String t = r.asText(true);
                if (t == null) {
                    continue;
                }
                try {
                    routes.add(Route.valueOf(t.toUpperCase().replace('-', '_').replace(' ', '_')));
                } catch (IllegalArgumentException e) {
                    r.problem("\"" + t + "\" is not a route; expected one of: intravenous, intrathecal, intramuscular, "
                            + "subcutaneous, oral, intra-arterial, local");
                }
            }
            Courses courses = new Courses(1, null, null);
            YamlView c = v.get("courses");
            if (c.present()) {
                c.isMapping();
                c.allowOnly("count", "minIntervalDays", "maxIntervalDays");
                Integer count = c.integer("count", true);
                Integer min = c.integer("minIntervalDays", false);
                Integer max = c.integer("maxIntervalDays", false);
                if (count != null && count < 1) {
                    c.get("count").problem("must be at least 1");
                } else if (min != null && max != null && min > max) {
                    c.get("maxIntervalDays").problem("is below minIntervalDays");
                } else if (count != null) {
                    courses = new Courses(count, min, max);
                }
            }
            return new Intervention(idOf(v), v.text("name", true), v.text("type", false), dose, routes, courses);
        }

        private Arm arm(YamlView v) {
            v.isMapping();
            v.allowOnly("id", "label", "type", "intervention");
            return new Arm(idOf(v), v.text("label", true), v.text("type", false), v.text("intervention", false));
        }

        private Epoch epoch(YamlView v) {
            v.isMapping();
            v.allowOnly("id", "label", "type");
            EpochType type = v.choice("type", EpochType.class, true);
            return new Epoch(idOf(v), v.text("label", true), type == null ? EpochType.TREATMENT : type);
        }

        private Sequence sequence(YamlView v) {
            v.isMapping();
            v.allowOnly("id", "label", "ratio", "periods");
            Integer ratio = v.integer("ratio", false);
            if (ratio != null && ratio < 1) {
                v.get("ratio").problem("must be at least 1");
                ratio = 1;
            }
            List<Period> periods = v.mapList("periods", true, p -> {
                p.isMapping();
                p.allowOnly("epoch", "arm");
                return new Period(p.text("epoch", true), p.text("arm", true));
            });
            return new Sequence(idOf(v), v.text("label", true), ratio == null ? 1 : ratio, periods);
        }

        /** A parallel or single-arm file may omit sequences: each arm is then its own sequence through every treatment epoch. */
        private List<Sequence> impliedSequences(List<Arm> arms, List<Epoch> epochs) {
            List<Sequence> out = new ArrayList<>();
            for (Arm arm : arms) {
                List<Period> periods = epochs.stream().filter(e -> e.type() == EpochType.TREATMENT)
                        .map(e -> new Period(e.id(), arm.id())).toList();
                out.add(new Sequence(arm.id(), arm.label(), 1, periods));
            }
            return out;
        }

        private Visit visit(YamlView v) {
            v.isMapping();
            v.allowOnly("id", "label", "epoch", "day", "window", "after");
            Integer day = v.integer("day", true);
            if (day == null) {
                visitsWithoutDay.add(v.path());
            }
            VisitWindow window = VisitWindow.EXACT;
            YamlView w = v.get("window");
            if (w.present()) {
                w.isMapping();
                w.allowOnly("early", "late");
                Integer early = w.integer("early", true);
                Integer late = w.integer("late", true);
                if (early != null && early < 0) {
                    w.get("early").problem("must not be negative (it counts days before the target day)");
                } else if (late != null && late < 0) {
                    w.get("late").problem("must not be negative (it counts days after the target day)");
                } else if (early != null && late != null) {
                    window = new VisitWindow(early, late);
                }
            }
            return new Visit(idOf(v), v.text("label", true), v.text("epoch", true), day == null ? 0 : day, window,
                    v.text("after", false));
        }

        private Activity activity(YamlView v) {
            v.isMapping();
            v.allowOnly("id", "label", "form", "at");
            return new Activity(idOf(v), v.text("label", true), v.text("form", false), v.texts("at", true));
        }

        private Objective objective(YamlView v) {
            v.isMapping();
            v.allowOnly("id", "level", "text", "endpoints");
            Level level = v.choice("level", Level.class, true);
            return new Objective(idOf(v), level, v.text("text", true), v.texts("endpoints", false));
        }

        private Endpoint endpoint(YamlView v) {
            v.isMapping();
            v.allowOnly("id", "level", "type", "text", "source", "timeToEvent");
            Level level = v.choice("level", Level.class, true);
            EndpointType type = v.choice("type", EndpointType.class, true);
            EndpointSource source = null;
            YamlView s = v.get("source");
            if (s.present()) {
                s.isMapping();
                s.allowOnly("activity", "field", "visits");
                source = new EndpointSource(s.text("activity", true), s.text("field", false), s.texts("visits", false));
            }
            return new Endpoint(idOf(v), level, type, v.text("text", true), source, TimeToEventSection.read(v.get("timeToEvent"), type));
        }

        private ScreeningVariable screeningVariable(YamlView v) {
            v.isMapping();
            v.allowOnly("name", "type", "label", "unit", "choices", "min", "max", "allowFuture", "maxLength", "multiline");
            String name = v.text("name", false);
            if (name != null && ScreeningCheck.BUILT_IN.contains(name)) {
                v.get("name").problem("\"" + name + "\" is a built-in date of screening checks; give the variable another name");
                return null;
            }
            return variable(v, decimal(v.get("min")), decimal(v.get("max")));
        }

        /** The screening checks: each on a screening variable, its rule reading the variables and the built-in dates. */
        private List<ScreeningCheck> screeningChecks(List<ScreeningVariable> screening) {
            Map<String, ScreeningVariable> variables = new LinkedHashMap<>();
            screening.stream().filter(Objects::nonNull).forEach(s -> variables.put(s.name(), s));
            List<ScreeningCheck> out = new ArrayList<>();
            for (YamlView c : doc.list("screeningChecks", false)) {
                c.isMapping();
                c.allowOnly("field", "rule", "message");
                String field = c.text("field", true);
                String message = c.text("message", true);
                if (field != null && !variables.containsKey(field)) {
                    c.get("field").problem("unknown screening field \"" + field + "\"" + (variables.isEmpty() ? ""
                            : "; known: " + String.join(", ", variables.keySet())));
                }
                Rule rule = rule(c.get("rule"), ScreeningCheck.variables(variables));
                if (field != null && message != null && rule != null && variables.containsKey(field)) {
                    out.add(new ScreeningCheck(field, rule, message));
                }
            }
            return out;
        }

        /**
         * A named, typed value (screening data or form field) with the limits the variable itself carries
         * ({@code min}/{@code max} only for screening; form fields keep theirs beside the normal range);
         * problems are recorded, null returned if unusable.
         */
        private ScreeningVariable variable(YamlView v, BigDecimal min, BigDecimal max) {
            String name = v.text("name", true);
            if (name != null && !name.matches("[a-z][a-z0-9]*(_[a-z0-9]+)*")) {
                v.get("name").problem("\"" + name + "\" must be a snake_case word (lower-case letters and digits joined by _)");
                return null;
            }
            VariableType type = v.choice("type", VariableType.class, true);
            List<String> choices = v.texts("choices", false);
            if (type == VariableType.CHOICE && choices.isEmpty()) {
                v.get("choices").problem("a choice field needs its list of choices");
                return null;
            } else if (type != null && type != VariableType.CHOICE && !choices.isEmpty()) {
                v.get("choices").problem("only a choice field has choices");
                return null;
            }
            Boolean allowFuture = flag(v, "allowFuture");
            Boolean multiline = flag(v, "multiline");
            Integer maxLength = v.integer("maxLength", false);
            if (name == null || type == null || allowFuture == null || multiline == null) {
                return null;
            }
            try {
                return new ScreeningVariable(name, type, v.text("label", true), v.text("unit", false), choices, min, max,
                        allowFuture, maxLength, multiline);
            } catch (RuntimeException e) {
                v.problem(e.getMessage());
                return null;
            }
        }

        /** An optional true/false setting: false when absent, null (and a problem) when it is neither. */
        private static Boolean flag(YamlView v, String key) {
            String t = v.text(key, false);
            if (t == null || t.equals("false")) {
                return false;
            }
            if (t.equals("true")) {
                return true;
            }
            v.get(key).problem("must be true or false");
            return null;
        }

        private FormDefinition form(YamlView v) {
            v.isMapping();
            v.allowOnly("id", "label", "repeating", "fields", "checks");
            String repeating = v.text("repeating", false);
            if (repeating != null && !repeating.equals("true") && !repeating.equals("false")) {
                v.get("repeating").problem("must be true or false");
            }
            List<FormField> fields = v.mapList("fields", true, this::formField);
            unique(v.list("fields", true), FormField::name, fields, "field");
            Map<String, ScreeningVariable> variables = new LinkedHashMap<>();
            fields.forEach(f -> variables.put(f.name(), f.variable()));
            List<FormCheck> checks = new ArrayList<>();
            for (YamlView c : v.list("checks", false)) {
                c.isMapping();
                c.allowOnly("field", "rule", "message");
                String field = c.text("field", true);
                String message = c.text("message", true);
                if (field != null && !variables.containsKey(field)) {
                    c.get("field").problem("unknown field \"" + field + "\" of form " + v.text("id", false));
                }
                Rule rule = rule(c.get("rule"), variables);
                if (field != null && message != null && rule != null && variables.containsKey(field)) {
                    checks.add(new FormCheck(field, rule, message));
                }
            }
            return new FormDefinition(idOf(v), v.text("label", true), "true".equals(repeating), fields, checks);
        }

        private FormField formField(YamlView v) {
            v.isMapping();
            v.allowOnly("name", "type", "label", "unit", "otherUnits", "choices", "required", "min", "max", "normal", "allowFuture",
                    "maxLength", "multiline");
            ScreeningVariable variable = variable(v, null, null);
            String required = v.text("required", false);
            if (required != null && !required.equals("true") && !required.equals("false")) {
                v.get("required").problem("must be true or false");
            }
            BigDecimal min = decimal(v.get("min"));
            BigDecimal max = decimal(v.get("max"));
            BigDecimal low = null;
            BigDecimal high = null;
            YamlView normal = v.get("normal");
            if (normal.present()) {
                List<YamlView> range = normal.asList(true);
                if (range.size() != 2) {
                    normal.problem("a normal range is [low, high]");
                } else {
                    low = decimal(range.get(0));
                    high = decimal(range.get(1));
                }
            }
            List<OtherUnit> otherUnits = v.mapList("otherUnits", false, u -> {
                u.isMapping();
                u.allowOnly("unit", "factor");
                String unit = u.text("unit", true);
                BigDecimal factor = decimal(u.get("factor"));
                if (factor != null && factor.signum() <= 0) {
                    u.get("factor").problem("must be above 0 (a value in this unit times the factor is the value in the field's unit)");
                    return null;
                }
                try {
                    return unit == null || factor == null ? null : new OtherUnit(unit, factor);
                } catch (IllegalArgumentException e) {
                    u.get("unit").problem(e.getMessage());
                    return null;
                }
            });
            if (variable == null) {
                return null;
            }
            boolean numeric = variable.type() == VariableType.NUMBER || variable.type() == VariableType.INTEGER;
            if (!numeric && (min != null || max != null || low != null)) {
                v.problem("only number and integer fields have min, max or a normal range");
                return null;
            }
            if (!otherUnits.isEmpty() && (variable.type() != VariableType.NUMBER || variable.unit() == null)) {
                v.get("otherUnits").problem("only a number field with its own unit converts from other units");
                return null;
            }
            try {
                return new FormField(variable, "true".equals(required), min, max, low, high,
                        otherUnits.stream().filter(Objects::nonNull).toList());
            } catch (IllegalArgumentException e) {
                v.problem(e.getMessage());
                return null;
            }
        }

        private static BigDecimal decimal(YamlView v) {
            String t = v.asText(false);
            if (t == null) {
                return null;
            }
            try {
                return new BigDecimal(t);
            } catch (NumberFormatException e) {
                v.problem("\"" + t + "\" is not a number");
                return null;
            }
        }

        /** Parses and type-checks a rule against the variables it may read; problems name the column. */
        private static Rule rule(YamlView v, Map<String, ScreeningVariable> variables) {
            String text = v.asText(true);
            if (text == null) {
                return null;
            }
            Rule rule;
            try {
                rule = Rule.parse(text);
            } catch (RuleSyntaxException e) {
                v.problem(e.getMessage());
                return null;
            }
            List<String> problems = rule.check(variables);
            problems.forEach(v::problem);
            return problems.isEmpty() ? rule : null;
        }

        private AnalysisPlan analysisPlan(YamlView v, Ids ids, List<FormDefinition> forms, List<Sequence> sequences,
                                          List<Arm> arms, List<Epoch> epochs, List<Endpoint> endpoints) {
            if (!v.present()) {
                return AnalysisPlan.NONE;
            }
            v.isMapping();
            v.allowOnly("populations", "analyses");
            List<AnalysisPopulation> populations = v.mapList("populations", true, p -> {
                p.isMapping();
                p.allowOnly("id", "label", "requires");
                List<PopulationRequirement> req = new ArrayList<>();
                for (YamlView r : p.list("requires", true)) {
                    PopulationRequirement pr = r.asChoice(PopulationRequirement.class);
                    if (pr != null) {
                        req.add(pr);
                    }
                }
                return new AnalysisPopulation(idOf(p), p.text("label", true), req);
            });
            unique(v.list("populations", true), AnalysisPopulation::id, populations, "population");
            Set<String> populationIds = new LinkedHashSet<>();
            populations.forEach(p -> populationIds.add(p.id()));
            Set<String> compareTargets = new LinkedHashSet<>();
            sequences.forEach(s -> compareTargets.add(s.id()));
            arms.forEach(a -> compareTargets.add(a.id()));
            Set<String> epochIds = new LinkedHashSet<>();
            epochs.forEach(e -> epochIds.add(e.id()));
            List<AnalysisSpec> analyses = v.mapList("analyses", true, a -> {
                a.isMapping();
                a.allowOnly("id", "label", "endpoint", "population", "method", "compare", "reference", "response", "baseline",
                        "offset", "covariates", "periods", "test", "robustType", "rerandomisations", "seed", "covariance",
                        "subgroup", "landmarks");
                String endpoint = a.text("endpoint", true);
                ref(a.get("endpoint"), endpoint, ids.endpoints, "endpoint");
                String population = a.text("population", true);
                ref(a.get("population"), population, populationIds, "population");
                AnalysisMethod method = a.choice("method", AnalysisMethod.class, true);
                String compare = a.text("compare", false);
                if (compare != null && !compare.equals("sequence") && !compare.equals("arm")) {
                    a.get("compare").problem("\"" + compare + "\" is not one of: sequence, arm");
                }
                String reference = a.text("reference", false);
                ref(a.get("reference"), reference, compareTargets, "sequence or arm");
                DataPoint response = dataPoint(a.get("response"), ids, forms);
                DataPoint baseline = dataPoint(a.get("baseline"), ids, forms);
                String offset = a.text("offset", false);
                if (offset != null && !offset.equals("log-scans")) {
                    a.get("offset").problem("\"" + offset + "\" is not one of: log-scans");
                }
                List<String> covariates = a.texts("covariates", false);
                List<YamlView> covViews = a.list("covariates", false);
                for (int i = 0; i < covariates.size() && i < covViews.size(); i++) {
                    String c = covariates.get(i);
                    if (!c.equals("baseline") && !c.equals("subTrial") && !c.equals("site") && !ids.screening.contains(c)) {
                        covViews.get(i).problem("unknown covariate \"" + c + "\"; use baseline, subTrial, site or a screening field");
                    } else if (c.equals("baseline") && baseline == null) {
                        covViews.get(i).problem("the covariate baseline needs a baseline for this analysis");
                    }
                }
                List<AnalysisPeriod> periods = a.mapList("periods", false, p -> {
                    p.isMapping();
                    p.allowOnly("epoch", "visits");
                    String epoch = p.text("epoch", true);
                    ref(p.get("epoch"), epoch, epochIds, "epoch");
                    List<String> visits = p.texts("visits", true);
                    List<YamlView> vv = p.list("visits", true);
                    for (int i = 0; i < visits.size() && i < vv.size(); i++) {
                        ref(vv.get(i), visits.get(i), ids.visits, "visit");
                    }
                    return new AnalysisPeriod(epoch, visits);
                });
                Inference inference = inference(a, method);
                CovarianceStructure covariance = covariance(a, method);
                if (method == AnalysisMethod.NEGATIVE_BINOMIAL && (response == null || compare == null)) {
                    a.problem("a negative-binomial analysis needs a response and what it compares");
                }
                if (method == AnalysisMethod.CROSSOVER_NEGATIVE_BINOMIAL && periods.size() != 2) {
                    a.get("periods").problem("a crossover analysis needs exactly two periods");
                }
                if (method == AnalysisMethod.CHANGE_FROM_BASELINE && (response == null || baseline == null)) {
                    a.problem("a change-from-baseline analysis needs a response and a baseline");
                }
                if (method == AnalysisMethod.MMRM && (response == null || response.visits().size() < 2)) {
                    a.problem("an MMRM analysis needs a response at two or more visits");
                }
                if ((method == AnalysisMethod.PAIRED_CHANGE || method == AnalysisMethod.SUBGROUP_EXACT)
                        && (response == null || baseline == null || !"last".equals(response.summary()))) {
                    a.problem("a " + method.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                            + " analysis needs a baseline and a response with summary: last");
                }
                if (method == AnalysisMethod.VALUES_OVER_TIME && (response == null || response.visits().size() < 2)) {
                    a.problem("a values-over-time analysis needs a response at two or more visits");
                }
                AnalysisSpec.Subgroup subgroup = subgroup(a.get("subgroup"));
                if (method == AnalysisMethod.SUBGROUP_EXACT && subgroup == null) {
                    a.problem("a subgroup-exact analysis needs its subgroup");
                } else if (subgroup != null && method != AnalysisMethod.SUBGROUP_EXACT && method != AnalysisMethod.VALUES_OVER_TIME) {
                    a.get("subgroup").problem("a subgroup goes with methods subgroup-exact and values-over-time only");
                } else if (subgroup != null && subgroup.by().equals("baseline") && baseline == null) {
                    a.get("subgroup").problem("a subgroup by baseline needs the analysis's baseline");
                }
                List<Double> landmarks = landmarks(a, method, endpoint, endpoints, compare);
                return new AnalysisSpec(idOf(a), a.text("label", true), endpoint, population, method, compare, reference,
                        response, baseline, offset, covariates, periods, inference, subgroup, landmarks, covariance);
            });
            unique(v.list("analyses", true), AnalysisSpec::id, analyses, "analysis");
            return new AnalysisPlan(populations, analyses);
        }

        /** An analysis's {@code subgroup: {by: courses | baseline, above: x}}, or null when absent. */
        private static AnalysisSpec.Subgroup subgroup(YamlView v) {
            if (!v.present()) {
                return null;
            }
            v.isMapping();
            v.allowOnly("by", "above");
            String by = v.text("by", true);
            String above = v.text("above", true);
            if (by != null && !by.equals("courses") && !by.equals("baseline")) {
                v.get("by").problem("\"" + by + "\" is not one of: courses, baseline");
                return null;
            }
            if (above == null) {
                return null;
            }
            double at;
            try {
                at = Double.parseDouble(above);
            } catch (NumberFormatException e) {
                v.get("above").problem("\"" + above + "\" is not a number");
                return null;
            }
            if (!Double.isFinite(at) || at < 0) {
                v.get("above").problem("must be a number not below 0");
                return null;
            }
            return by == null ? null : new AnalysisSpec.Subgroup(by, at);
        }

        /**
         * The landmark times of a survival analysis, ascending, each above 0 and within the endpoint's maximum follow-up;
         * a survival analysis needs a time-to-event endpoint derived from dates and compares arms.
         */
        private static List<Double> landmarks(YamlView a, AnalysisMethod method, String endpointId, List<Endpoint> endpoints,
                                              String compare) {
            YamlView lv = a.get("landmarks");
            if (method != AnalysisMethod.SURVIVAL) {
                if (lv.present()) {
                    lv.problem("landmarks belong to a survival analysis");
                }
                return List.of();
            }
            Endpoint endpoint = endpoints.stream().filter(e -> e.id().equals(endpointId)).findFirst().orElse(null);
            if (endpoint != null && endpoint.timeToEvent() == null) {
                a.get("endpoint").problem("a survival analysis needs a time-to-event endpoint with its timeToEvent dates");
            }
            if (compare == null) {
                a.problem("a survival analysis needs what it compares (arm or sequence)");
            }
            List<Double> out = new ArrayList<>();
            List<YamlView> items = a.list("landmarks", false);
            for (YamlView item : items) {
                String t = item.asText(true);
                if (t == null) {
                    continue;
                }
                try {
                    double l = Double.parseDouble(t);
                    Double max = endpoint == null || endpoint.timeToEvent() == null ? null : endpoint.timeToEvent().maxFollowUp();
                    if (!(l > 0) || Double.isInfinite(l) || (max != null && l >= max)) {
                        item.problem("a landmark must be above 0 and before the maximum follow-up");
                    } else if (!out.isEmpty() && l <= out.get(out.size() - 1)) {
                        item.problem("landmarks must be in ascending order");
                    } else {
                        out.add(l);
                    }
                } catch (NumberFormatException e) {
                    item.problem("\"" + t + "\" is not a number");
                }
            }
            return out;
        }

        /** The plan's {@code covariance} of an MMRM analysis; unstructured when absent. */
        private static CovarianceStructure covariance(YamlView a, AnalysisMethod method) {
            String covariance = a.text("covariance", false);
            if (covariance == null) {
                return CovarianceStructure.UNSTRUCTURED;
            }
            if (method != AnalysisMethod.MMRM) {
                a.get("covariance").problem("a covariance across visits is chosen for mmrm analyses only");
                return null;
            }
            return switch (covariance) {
                case "unstructured" -> CovarianceStructure.UNSTRUCTURED;
                case "compound-symmetry" -> CovarianceStructure.COMPOUND_SYMMETRY;
                case "ar1" -> CovarianceStructure.AR1;
                default -> {
                    a.get("covariance").problem("\"" + covariance + "\" is not one of: unstructured, compound-symmetry, ar1");
                    yield null;
                }
            };
        }

        /**
         * The plan's {@code test} (and {@code robustType}, or {@code rerandomisations} and {@code seed}) of a regression
         * analysis; Wald when absent.
         */
        private static Inference inference(YamlView a, AnalysisMethod method) {
            String test = a.text("test", false);
            String robustType = a.text("robustType", false);
            boolean rerandomisationKeys = a.get("rerandomisations").present() || a.get("seed").present();
            if (test == null && robustType == null && !rerandomisationKeys) {
                return Inference.WALD;
            }
            if (method != AnalysisMethod.NEGATIVE_BINOMIAL) {
                a.get(test != null ? "test" : robustType != null ? "robustType" : a.get("seed").present() ? "seed" : "rerandomisations")
                        .problem("a test is chosen for negative-binomial analyses only");
                return null;
            }
            if ("rerandomisation".equals(test)) {
                if (robustType != null) {
                    a.get("robustType").problem("a robust type goes with test: robust only");
                    return null;
                }
                Integer count = a.integer("rerandomisations", false);
                Integer seed = a.integer("seed", true);
                if (seed == null) {
                    // the seed is pre-specified: another seed would give another p-value from the same data
                    return null;
                }
                if (count != null && (count < Inference.MIN_RERANDOMISATIONS || count > Inference.MAX_RERANDOMISATIONS)) {
                    a.get("rerandomisations").problem("the number of re-randomisations must be between "
                            + Inference.MIN_RERANDOMISATIONS + " and " + Inference.MAX_RERANDOMISATIONS + "; got " + count);
                    return null;
                }
                return Inference.rerandomisation(count, seed.longValue());
            }
            if (rerandomisationKeys) {
                a.get(a.get("seed").present() ? "seed" : "rerandomisations").problem("rerandomisations and seed go with test: rerandomisation only");
                return null;
            }
            CoefficientTest t = Inference.WALD.test();
            if (test != null) {
                try {
                    t = CoefficientTest.parse(test);
                } catch (InvalidDataException e) {
                    a.get("test").problem("\"" + test + "\" is not one of: wald, lrt, robust, rerandomisation");
                    return null;
                }
            }
            if (robustType == null) {
                return new Inference(t, null);
            }
            if (t != CoefficientTest.ROBUST) {
                a.get("robustType").problem("a robust type goes with test: robust only");
                return null;
            }
            try {
                return Inference.robust(RobustType.parse(robustType));
            } catch (InvalidDataException e) {
                a.get("robustType").problem("\"" + robustType + "\" is not one of: hc0, hc3");
                return null;
            }
        }

        private static DataPoint dataPoint(YamlView v, Ids ids, List<FormDefinition> forms) {
            if (!v.present()) {
                return null;
            }
            v.isMapping();
            v.allowOnly("form", "field", "visits", "visit", "summary");
            String form = v.text("form", true);
            String field = v.text("field", true);
            FormDefinition def = forms.stream().filter(f -> f.id().equals(form)).findFirst().orElse(null);
            if (form != null && def == null) {
                v.get("form").problem("unknown form \"" + form + "\"");
            } else if (def != null && field != null && def.field(field).isEmpty()) {
                v.get("field").problem("form " + form + " has no field \"" + field + "\"");
            }
            List<String> visits = new ArrayList<>(v.texts("visits", false));
            List<YamlView> vv = v.list("visits", false);
            for (int i = 0; i < visits.size() && i < vv.size(); i++) {
                ref(vv.get(i), visits.get(i), ids.visits, "visit");
            }
            String single = v.text("visit", false);
            if (single != null) {
                ref(v.get("visit"), single, ids.visits, "visit");
                visits.add(single);
            }
            String summary = v.text("summary", false);
            if (summary != null && !summary.equals("sum") && !summary.equals("last")) {
                v.get("summary").problem("\"" + summary + "\" is not one of: sum, last");
            }
            return new DataPoint(form, field, visits, summary);
        }

        private void checkForms(List<FormDefinition> forms, List<Activity> activities) {
            Set<String> formIds = new LinkedHashSet<>();
            forms.forEach(f -> formIds.add(f.id()));
            List<YamlView> actViews = doc.list("activities", false);
            for (int i = 0; i < activities.size() && i < actViews.size(); i++) {
                String form = activities.get(i).form();
                if (form != null && doc.get("forms").present()) {
                    ref(actViews.get(i).get("form"), form, formIds, "form");
                }
            }
        }

        private void checkRules(List<ScreeningVariable> screening, List<EligibilityCriterion> master, List<SubTrial> subTrials) {
            Map<String, ScreeningVariable> variables = new LinkedHashMap<>();
            screening.forEach(s -> variables.put(s.name(), s));
            checkCriteria(doc.list("eligibility", false), variables);
            List<YamlView> stViews = doc.list("subTrials", false);
            for (int i = 0; i < subTrials.size() && i < stViews.size(); i++) {
                YamlView e = stViews.get(i).get("eligibility");
                checkCriteria(e.list("replace", false), variables);
                checkCriteria(e.list("amend", false), variables);
            }
        }

        private static void checkCriteria(List<YamlView> criteria, Map<String, ScreeningVariable> variables) {
            for (YamlView c : criteria) {
                rule(c.get("rule"), variables);
                if (c.get("when").present()) {
                    rule(c.get("when"), variables);
                }
            }
        }

        private List<EligibilityCriterion> criteria(List<YamlView> items) {
            List<EligibilityCriterion> out = new ArrayList<>();
            for (YamlView v : items) {
                v.isMapping();
                v.allowOnly("id", "kind", "text", "when", "rule");
                CriterionKind kind = v.choice("kind", CriterionKind.class, true);
                out.add(new EligibilityCriterion(idOf(v), kind, v.text("text", true), v.text("when", false),
                        v.text("rule", true)));
            }
            return out;
        }

        private SubTrial subTrial(YamlView v, List<EligibilityCriterion> master) {
            v.isMapping();
            v.allowOnly("id", "name", "country", "registrations", "sites", "eligibility");
            List<Registration> registrations = v.mapList("registrations", false, r -> {
                r.isMapping();
                r.allowOnly("registry", "id", "date", "note");
                return new Registration(r.text("registry", true), r.text("id", true), r.date("date"), r.text("note", false));
            });
            List<Site> sites = v.mapList("sites", true, s -> {
                s.isMapping();
                s.allowOnly("id", "name", "city");
                String siteId = s.text("id", true);
                if (siteId != null && !siteId.matches("[0-9]{2,3}")) {
                    s.get("id").problem("\"" + siteId + "\" must be a site number of 2 or 3 digits (it becomes part of subject ids)");
                }
                return new Site(siteId, s.text("name", true), s.text("city", false));
            });
            EligibilityMode mode = EligibilityMode.MASTER;
            List<EligibilityCriterion> eligibility = master;
            YamlView e = v.get("eligibility");
            if (e.present()) {
                e.isMapping();
                e.allowOnly("replace", "amend");
                boolean replace = e.get("replace").present();
                boolean amend = e.get("amend").present();
                if (replace == amend) {
                    e.problem("give either replace (a full list of its own) or amend (criteria changed or added by id)");
                } else if (replace) {
                    mode = EligibilityMode.REPLACE;
                    eligibility = criteria(e.list("replace", true));
                    unique(e.list("replace", true), EligibilityCriterion::id, eligibility, "criterion");
                } else {
                    mode = EligibilityMode.AMEND;
                    List<EligibilityCriterion> changes = criteria(e.list("amend", true));
                    unique(e.list("amend", true), EligibilityCriterion::id, changes, "criterion");
                    Map<String, EligibilityCriterion> merged = new LinkedHashMap<>();
                    master.forEach(c -> merged.put(c.id(), c));
                    changes.forEach(c -> merged.put(c.id(), c));
                    eligibility = List.copyOf(merged.values());
                }
            }
            return new SubTrial(idOf(v), v.text("name", true), v.text("country", true), registrations, sites, mode, eligibility);
        }

        private static String idOf(YamlView v) {
            String id = v.text("id", true);
            if (id != null && !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                v.get("id").problem("\"" + id + "\" must be letters, digits, '-', '_' or '.', without spaces");
            }
            return id;
        }

        private static <T> void unique(List<YamlView> views, Function<T, String> id, List<T> items, String what) {
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < items.size() && i < views.size(); i++) {
                String key = id.apply(items.get(i));
                if (key != null && !seen.add(key)) {
                    views.get(i).get(what.equals("screening field") || what.equals("field") ? "name" : "id")
                            .problem("duplicate " + what + " id \"" + key + "\"");
                }
            }
        }

        private void checkReferences(Ids ids, Design design, List<Arm> arms, List<Sequence> sequences,
                                     List<Visit> visits, List<Activity> activities, List<Objective> objectives,
                                     List<Endpoint> endpoints, List<SubTrial> subTrials) {
            List<YamlView> armViews = doc.list("arms", false);
            for (int i = 0; i < arms.size() && i < armViews.size(); i++) {
                ref(armViews.get(i).get("intervention"), arms.get(i).interventionId(), ids.interventions, "intervention");
            }
            List<YamlView> seqViews = doc.list("sequences", false);
            for (int i = 0; i < sequences.size() && i < seqViews.size(); i++) {
                List<YamlView> periodViews = seqViews.get(i).list("periods", false);
                List<Period> periods = sequences.get(i).periods();
                for (int j = 0; j < periods.size() && j < periodViews.size(); j++) {
                    ref(periodViews.get(j).get("epoch"), periods.get(j).epochId(), ids.epochs, "epoch");
                    ref(periodViews.get(j).get("arm"), periods.get(j).armId(), ids.arms, "arm");
                }
            }
            if (design.type() == DesignType.CROSSOVER) {
                if (!doc.get("sequences").present()) {
                    doc.get("sequences").problem("a crossover design must list its sequences");
                } else if (sequences.size() < 2) {
                    doc.get("sequences").problem("a crossover design needs at least two sequences");
                }
                for (int i = 0; i < sequences.size() && i < seqViews.size(); i++) {
                    if (sequences.get(i).periods().size() < 2) {
                        seqViews.get(i).get("periods").problem("a crossover sequence needs at least two periods");
                    }
                }
            }
            if (design.type() == DesignType.SINGLE_ARM && arms.size() != 1) {
                doc.get("arms").problem("a single-arm design has exactly one arm, found " + arms.size());
            }
            if (design.randomised() && sequences.size() < 2) {
                doc.get("design").get("allocation").problem("a randomised design needs at least two arms or sequences to allocate to");
            }
            List<YamlView> visitViews = doc.list("visits", false);
            // a visit that follows another is planned at that visit's planned day plus its own; order is checked on planned days
            Map<String, Integer> plannedDay = new HashMap<>();
            for (int i = 0; i < visits.size() && i < visitViews.size(); i++) {
                Visit visit = visits.get(i);
                ref(visitViews.get(i).get("epoch"), visit.epochId(), ids.epochs, "epoch");
                int planned = visit.targetDay();
                if (visit.followsAnother()) {
                    Integer anchor = plannedDay.get(visit.after());
                    if (anchor == null) {
                        visitViews.get(i).get("after").problem("\"" + visit.after() + "\" is not a visit listed before " + visit.id()
                                + " (a visit follows one that comes earlier)");
                    } else if (visit.targetDay() <= 0) {
                        visitViews.get(i).get("day").problem("a visit that follows " + visit.after()
                                + " needs a day after it (days counted from that visit), not " + visit.targetDay());
                    } else {
                        planned = anchor + visit.targetDay();
                    }
                }
                boolean bothDays = i > 0 && !visitsWithoutDay.contains(visitViews.get(i).path())
                        && !visitsWithoutDay.contains(visitViews.get(i - 1).path());
                Integer previous = i > 0 ? plannedDay.get(visits.get(i - 1).id()) : null;
                if (bothDays && previous != null && planned <= previous) {
                    visitViews.get(i).get("day").problem("day " + planned + " must come after the previous visit's day "
                            + previous + " (visits are listed in time order)");
                }
                plannedDay.putIfAbsent(visit.id(), planned);
            }
            List<YamlView> actViews = doc.list("activities", false);
            for (int i = 0; i < activities.size() && i < actViews.size(); i++) {
                List<YamlView> at = actViews.get(i).list("at", false);
                List<String> visitIds = activities.get(i).visitIds();
                for (int j = 0; j < visitIds.size() && j < at.size(); j++) {
                    ref(at.get(j), visitIds.get(j), ids.visits, "visit");
                }
            }
            List<YamlView> objViews = doc.list("objectives", false);
            for (int i = 0; i < objectives.size() && i < objViews.size(); i++) {
                List<YamlView> eps = objViews.get(i).list("endpoints", false);
                List<String> epIds = objectives.get(i).endpointIds();
                for (int j = 0; j < epIds.size() && j < eps.size(); j++) {
                    ref(eps.get(j), epIds.get(j), ids.endpoints, "endpoint");
                }
            }
            List<YamlView> epViews = doc.list("endpoints", false);
            for (int i = 0; i < endpoints.size() && i < epViews.size(); i++) {
                EndpointSource src = endpoints.get(i).source();
                if (src == null) {
                    continue;
                }
                YamlView sv = epViews.get(i).get("source");
                ref(sv.get("activity"), src.activityId(), ids.activities, "activity");
                List<YamlView> vv = sv.list("visits", false);
                for (int j = 0; j < src.visitIds().size() && j < vv.size(); j++) {
                    ref(vv.get(j), src.visitIds().get(j), ids.visits, "visit");
                }
            }
            Map<String, String> siteOwner = new HashMap<>();
            List<YamlView> stViews = doc.list("subTrials", false);
            for (int i = 0; i < subTrials.size() && i < stViews.size(); i++) {
                List<YamlView> siteViews = stViews.get(i).list("sites", false);
                List<Site> sites = subTrials.get(i).sites();
                for (int j = 0; j < sites.size() && j < siteViews.size(); j++) {
                    String siteId = sites.get(j).id();
                    String owner = siteOwner.putIfAbsent(siteId, subTrials.get(i).id());
                    if (siteId != null && owner != null) {
                        siteViews.get(j).get("id").problem("site \"" + siteId + "\" is already used by sub-trial \"" + owner + "\"");
                    }
                }
            }
            Randomisation r = design.randomisation();
            List<YamlView> strataViews = doc.get("design").get("randomisation").list("strata", false);
            for (int i = 0; i < r.strata().size() && i < strataViews.size(); i++) {
                String s = r.strata().get(i);
                if (!s.equals("subTrial") && !s.equals("site") && !ids.screening.contains(s)) {
                    strataViews.get(i).problem("unknown stratum \"" + s + "\"; use subTrial, site or a screening field");
                }
            }
        }

        private static void ref(YamlView where, String value, Set<String> known, String what) {
            if (value != null && !known.contains(value)) {
                where.problem("unknown " + what + " \"" + value + "\""
                        + (known.isEmpty() ? "" : "; known: " + String.join(", ", known)));
            }
        }

        /** The ids each kind of reference may point at. */
        private final class Ids {
            final Set<String> interventions;
            final Set<String> arms;
            final Set<String> epochs;
            final Set<String> visits;
            final Set<String> activities;
            final Set<String> endpoints;
            final Set<String> screening;

            Ids(List<Intervention> interventions, List<Arm> arms, List<Epoch> epochs, List<Visit> visits,
                List<Activity> activities, List<Endpoint> endpoints) {
                this.interventions = idSet(interventions, Intervention::id);
                this.arms = idSet(arms, Arm::id);
                this.epochs = idSet(epochs, Epoch::id);
                this.visits = idSet(visits, Visit::id);
                this.activities = idSet(activities, Activity::id);
                this.endpoints = idSet(endpoints, Endpoint::id);
                this.screening = new LinkedHashSet<>(doc.mapList("screening", false, v -> v.text("name", false)));
            }

            private <T> Set<String> idSet(List<T> items, Function<T, String> id) {
                Set<String> out = new LinkedHashSet<>();
                items.stream().map(id).filter(Objects::nonNull).forEach(out::add);
                return out;
            }
        }
    }
}
