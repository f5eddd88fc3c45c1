package org.harmonia.server.standards.usdm;

import static org.harmonia.server.standards.DraftYaml.firstNonBlank;
import static org.harmonia.server.standards.DraftYaml.oneLine;
import static org.harmonia.server.standards.DraftYaml.q;
import static org.harmonia.server.standards.DraftYaml.studyId;
import static org.harmonia.server.standards.DraftYaml.unreserved;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.harmonia.server.standards.DraftYaml;
import org.harmonia.server.standards.usdm.UsdmFile.Node;
import org.harmonia.server.standards.usdm.UsdmFile.UsdmReadException;
import org.harmonia.trial.eligibility.CriterionKind;
import org.harmonia.trial.protocol.DesignType;
import org.harmonia.trial.protocol.EpochType;
import org.harmonia.trial.protocol.Level;
import org.harmonia.trial.protocol.Masking;

/**
 * A USDM 4 file as a Harmonia protocol skeleton: the study and its design, the epochs, the study arms as sequences
 * through the epochs (their study cells) with the study elements as arms, the encounters of the main timeline as
 * visits with the day and window of their timing, the activities at each visit, the eligibility criteria, the
 * objectives and their endpoints. What USDM does not say, or says in a way Harmonia cannot evaluate (a criterion's
 * rule, the forms, the randomisation, the sites), is a placeholder listed under {@code assumptions}.
 */
final class UsdmProtocolWriter {
    private static final Pattern DURATION = Pattern.compile("-?P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)S)?)?");

    record Draft(String yaml, List<String> assumptions, int visits, int arms, int criteria, int endpoints) {
    }

    private final List<String> assumptions = new ArrayList<>();

    Draft write(Node wrapper) {
        String usdmVersion = wrapper.text("usdmVersion", true);
        if (!usdmVersion.strip().startsWith("4.")) {
            throw new UsdmReadException(wrapper.file() + ": usdmVersion \"" + oneLine(usdmVersion, 20)
                    + "\" is not supported: this import reads USDM 4 (4.0.0)");
        }
        Node study = wrapper.object("study", true).get();
        List<Node> versions = study.list("versions");
        if (versions.isEmpty()) {
            throw study.fail("has no versions: a USDM study's design is in study.versions[0]");
        }
        if (versions.size() > 1) {
            assumptions.add("The file has " + versions.size() + " study versions; the first (" + versions.get(0).text("versionIdentifier", true)
                    + ") is read.");
        }
        Node version = versions.get(0);
        List<Node> designs = version.list("studyDesigns");
        if (designs.isEmpty()) {
            throw version.fail("has no studyDesigns");
        }
        if (designs.size() > 1) {
            assumptions.add("The file has " + designs.size() + " study designs; the first (" + designs.get(0).text("name", true) + ") is read.");
        }
        Node design = designs.get(0);
        String instanceType = design.text("instanceType", false);
        if ("ObservationalStudyDesign".equals(instanceType)) {
            assumptions.add("The design is observational; Harmonia runs interventional trials, so it is read as one.");
        }

        StringBuilder y = new StringBuilder();
        y.append("# Harmonia protocol drafted from the USDM ").append(oneLine(usdmVersion, 20)).append(" file ").append(wrapper.file())
                .append(wrapper.text("systemName", false) == null ? "" : " (" + oneLine(wrapper.text("systemName", false), 80) + ")")
                .append(" by harmonia import usdm.\n")
                .append("# The design, epochs, arms, visits, activities, eligibility criteria, objectives and endpoints come from the\n")
                .append("# file; what USDM cannot say is a placeholder listed under assumptions at the end: fill those in.\n\n");
        y.append("harmonia: 1\nstudy:\n");
        String studyId = studyId(study.text("name", true));
        y.append("  id: ").append(q(studyId)).append('\n');
        y.append("  version: ").append(q(oneLine(version.text("versionIdentifier", true), 40))).append('\n');
        String title = null;
        String acronym = null;
        for (Node t : version.list("titles")) {
            String[] type = t.code("type").orElse(new String[] {"", null, ""});
            String text = t.text("text", true);
            if (UsdmMapping.ACRONYM.matches(type[0], type[1], type[2])) {
                acronym = text;
            } else if (UsdmMapping.OFFICIAL_TITLE.matches(type[0], type[1], type[2]) || title == null) {
                title = text;
            }
        }
        if (title == null) {
            title = firstNonBlank(study.text("label", false), study.text("name", true));
            assumptions.add("Title: the file has no study title; the study's name stands in for it.");
        }
        y.append("  title: ").append(q(oneLine(title, 2000))).append('\n');
        if (acronym != null) {
            y.append("  acronym: ").append(q(oneLine(acronym, 40))).append('\n');
        }
        Optional<String[]> phase = design.code("studyPhase");
        if (phase.isPresent() && phase.get()[2] != null) {
            y.append("  phase: ").append(q(UsdmMapping.phaseText(phase.get()[2]))).append('\n');
        }
        Node population = design.object("population", false).orElse(null);
        String condition = population == null ? null : population.text("description", false);
        if (condition != null && !condition.isBlank()) {
            y.append("  condition: ").append(q(oneLine(condition, 500))).append('\n');
        }
        for (Node o : version.list("organizations")) {
            String[] type = o.code("type").orElse(new String[] {"", null, ""});
            if (UsdmMapping.SPONSOR.matches(type[0], type[1], type[2])) {
                y.append("  sponsor: ").append(q(oneLine(o.text("name", true), 500))).append('\n');
                break;
            }
        }

        // design
        DesignType designType = design.code("model").flatMap(c -> UsdmMapping.designType(c[0], c[1], c[2])).orElseGet(() -> {
            assumptions.add("Design type: the file's model is not one Harmonia knows; written as parallel.");
            return DesignType.PARALLEL;
        });
        Masking masking = design.code("blindingSchema").flatMap(c -> UsdmMapping.masking(c[0], c[1], c[2])).orElseGet(() -> {
            assumptions.add("Masking: the file has no blinding schema Harmonia knows; written as open (none).");
            return Masking.NONE;
        });
        y.append("design:\n  type: ").append(designType.name().toLowerCase(Locale.ROOT).replace('_', '-')).append('\n');
        y.append("  allocation: non-randomised\n");
        boolean randomised = design.extension(UsdmMapping.RANDOMISED).map(Boolean::parseBoolean).orElse(false);
        assumptions.add(randomised
                ? "Allocation: the source is randomised, but USDM does not carry the randomisation (method, strata, block sizes): "
                + "written as non-randomised. Set allocation: randomised and the randomisation."
                : "Allocation: USDM does not say whether allocation is random; written as non-randomised. Set allocation and the "
                + "randomisation.");
        y.append("  masking: ").append(masking.name().toLowerCase(Locale.ROOT)).append('\n');
        if (population != null) {
            Optional<Node> planned = population.object("plannedEnrollmentNumber", false);
            Optional<Integer> n = planned.flatMap(p -> p.json().has("maxValue")
                    ? p.object("maxValue", true).get().wholeNumber("value", 1, 10_000_000)
                    : p.wholeNumber("value", 1, 10_000_000));
            n.ifPresent(v -> y.append("  plannedEnrolment: ").append(v).append('\n'));
        }

        // interventions
        Map<String, String> interventionIds = new LinkedHashMap<>();
        Set<String> usedInterventions = new HashSet<>();
        StringBuilder interventions = new StringBuilder();
        for (Node i : version.list("studyInterventions")) {
            String id = unique(upperId(i.text("name", true)).toLowerCase(Locale.ROOT), usedInterventions, "intervention");
            interventionIds.put(i.text("id", true), id);
            interventions.append("  - {id: ").append(q(id)).append(", name: ")
                    .append(q(oneLine(firstNonBlank(i.text("label", false), i.text("name", true)), 500)));
            i.code("type").map(c -> c[2]).filter(t -> t != null && !t.isBlank())
                    .ifPresent(t -> interventions.append(", type: ").append(q(oneLine(t, 100).toLowerCase(Locale.ROOT))));
            interventions.append("}\n");
        }
        if (!interventions.isEmpty()) {
            y.append("interventions:\n").append(interventions);
        }

        // epochs, in the order of their links (previousId/nextId) where the file gives them
        Map<String, String> epochIds = new LinkedHashMap<>();
        Set<String> usedEpochs = new HashSet<>();
        List<Node> epochs = ordered(design.list("epochs"));
        if (epochs.isEmpty()) {
            throw design.fail("has no epochs");
        }
        y.append("epochs:\n");
        for (Node e : epochs) {
            String id = unique(upperId(e.text("name", true)), usedEpochs, "EPOCH");
            epochIds.put(e.text("id", true), id);
            EpochType type = e.code("type").flatMap(c -> UsdmMapping.epochType(c[0], c[1], c[2])).orElseGet(() -> {
                assumptions.add("Epoch " + id + ": its type is not one Harmonia knows; written as a treatment epoch.");
                return EpochType.TREATMENT;
            });
            y.append("  - {id: ").append(q(id)).append(", label: ").append(q(label(e))).append(", type: ")
                    .append(type.name().toLowerCase(Locale.ROOT).replace('_', '-')).append("}\n");
        }

        // study elements are Harmonia's arms, study arms its sequences, study cells the periods
        Map<String, Node> armsById = new LinkedHashMap<>();
        design.list("arms").forEach(a -> armsById.put(a.text("id", true), a));
        List<Node> cells = design.list("studyCells");
        Map<String, String> elementIds = new LinkedHashMap<>();
        Set<String> usedArms = new HashSet<>();
        StringBuilder armsYaml = new StringBuilder("arms:\n");
        List<Node> elements = design.list("elements");
        for (Node el : elements) {
            String id = unique(upperId(el.text("name", true)), usedArms, "ARM");
            elementIds.put(el.text("id", true), id);
            String type = el.extension(UsdmMapping.ARM_TYPE).orElseGet(() -> {
                // an element in the cells of one study arm only takes that arm's type
                Set<String> inArms = new LinkedHashSet<>();
                for (Node c : cells) {
                    if (c.texts("elementIds").contains(el.text("id", true))) {
                        inArms.add(c.text("armId", true));
                    }
                }
                if (inArms.size() == 1 && armsById.containsKey(inArms.iterator().next())) {
                    return armsById.get(inArms.iterator().next()).code("type")
                            .map(c -> UsdmMapping.armTypeText(c[0], c[1], c[2])).orElse(null);
                }
                return null;
            });
            armsYaml.append("  - {id: ").append(q(id)).append(", label: ").append(q(label(el)));
            if (type != null) {
                armsYaml.append(", type: ").append(q(oneLine(type, 100)));
            }
            List<String> ivs = el.texts("studyInterventionIds");
            if (!ivs.isEmpty() && interventionIds.containsKey(ivs.get(0))) {
                armsYaml.append(", intervention: ").append(q(interventionIds.get(ivs.get(0))));
                if (ivs.size() > 1) {
                    assumptions.add("Arm " + id + ": the element names " + ivs.size() + " interventions; the first is kept.");
                }
            }
            armsYaml.append("}\n");
        }
        StringBuilder sequencesYaml = new StringBuilder("sequences:\n");
        int sequenceCount = 0;
        Set<String> usedSequences = new HashSet<>();
        for (Node a : armsById.values()) {
            String id = unique(upperId(a.text("name", true)), usedSequences, "SEQ");
            List<String> periods = new ArrayList<>();
            for (Node e : epochs) {
                for (Node c : cells) {
                    if (a.text("id", true).equals(c.text("armId", true)) && e.text("id", true).equals(c.text("epochId", true))) {
                        List<String> els = c.texts("elementIds").stream().filter(elementIds::containsKey).toList();
                        if (!els.isEmpty()) {
                            periods.add("{epoch: " + q(epochIds.get(e.text("id", true))) + ", arm: " + q(elementIds.get(els.get(0))) + "}");
                            if (els.size() > 1) {
                                assumptions.add("Sequence " + id + ", epoch " + epochIds.get(e.text("id", true)) + ": the cell has "
                                        + els.size() + " elements; the first is the arm of that period.");
                            }
                        }
                    }
                }
            }
            if (periods.isEmpty()) {
                assumptions.add("Study arm " + a.text("name", true) + " has no study cell with an element; it is left out.");
                continue;
            }
            int ratio = a.extension(UsdmMapping.SEQUENCE_RATIO).map(Integer::parseInt).orElse(1);
            sequencesYaml.append("  - id: ").append(q(id)).append("\n    label: ").append(q(label(a))).append("\n    ratio: ").append(ratio)
                    .append("\n    periods:\n");
            periods.forEach(p -> sequencesYaml.append("      - ").append(p).append('\n'));
            sequenceCount++;
        }
        if (elements.isEmpty()) {
            // a design without elements: each study arm is an arm of its own through the treatment epochs
            for (Node a : armsById.values()) {
                String id = unique(upperId(a.text("name", true)), usedArms, "ARM");
                armsYaml.append("  - {id: ").append(q(id)).append(", label: ").append(q(label(a)));
                a.code("type").ifPresent(c -> armsYaml.append(", type: ").append(q(UsdmMapping.armTypeText(c[0], c[1], c[2]))));
                armsYaml.append("}\n");
            }
            assumptions.add("Arms: the file has no study elements; each study arm is an arm in every treatment epoch.");
            if (armsById.isEmpty()) {
                armsYaml.append("  - {id: ARM-1, label: \"study arm\"}\n");
                assumptions.add("Arms: the file has no study arms; one arm ARM-1 stands in for them.");
            }
        }
        y.append(armsYaml);
        if (sequenceCount > 0) {
            y.append(sequencesYaml);
        }

        // visits: the encounters of the main timeline, each on the day its timing gives
        Node timeline = mainTimeline(design);
        Map<String, Node> encounters = new LinkedHashMap<>();
        ordered(design.list("encounters")).forEach(e -> encounters.put(e.text("id", true), e));
        Map<String, Node> instances = new LinkedHashMap<>();
        List<Node> timings = List.of();
        if (timeline != null) {
            for (Node in : timeline.list("instances")) {
                instances.put(in.text("id", true), in);
            }
            timings = timeline.list("timings");
        }
        Map<String, Integer> instanceDays = days(instances, timings);
        record VisitDraft(String id, String label, String epoch, Integer day, int early, int late, Set<String> instanceIds) {
        }
        Map<String, VisitDraft> visits = new LinkedHashMap<>();
        Set<String> usedVisits = new HashSet<>();
        String firstEpoch = epochIds.values().iterator().next();
        for (Node in : instances.values()) {
            String encounterId = in.text("encounterId", false);
            if (encounterId == null || !encounters.containsKey(encounterId)) {
                continue;
            }
            VisitDraft existing = visits.get(encounterId);
            if (existing != null) {
                existing.instanceIds().add(in.text("id", true));
                continue;
            }
            Node enc = encounters.get(encounterId);
            String id = unique(upperId(enc.text("name", true)), usedVisits, "V");
            String epoch = Optional.ofNullable(in.text("epochId", false)).map(epochIds::get).orElse(null);
            if (epoch == null) {
                epoch = firstEpoch;
                assumptions.add("Visit " + id + ": its scheduled instance names no epoch; it is in epoch " + firstEpoch + ".");
            }
            Node timing = timingOf(in.text("id", true), timings);
            int[] window = timing == null ? new int[] {0, 0} : new int[] {days(timing.text("windowLower", false)), days(timing.text("windowUpper", false))};
            Set<String> ids = new LinkedHashSet<>();
            ids.add(in.text("id", true));
            visits.put(encounterId, new VisitDraft(id, label(enc), epoch, instanceDays.get(in.text("id", true)), Math.abs(window[0]),
                    Math.abs(window[1]), ids));
        }
        for (Node enc : encounters.values()) {
            if (!visits.containsKey(enc.text("id", true))) {
                String id = unique(upperId(enc.text("name", true)), usedVisits, "V");
                visits.put(enc.text("id", true), new VisitDraft(id, label(enc), firstEpoch, null, 0, 0, new LinkedHashSet<>()));
                assumptions.add("Visit " + id + ": the encounter is on no scheduled instance of the main timeline; it is in epoch "
                        + firstEpoch + " with no activities.");
            }
        }
        if (visits.isEmpty()) {
            throw design.fail("has no encounters: a protocol needs its visits");
        }
        List<VisitDraft> visitList = new ArrayList<>(visits.values());
        int lastDay = 0;
        List<String> undated = new ArrayList<>();
        y.append("visits:\n");
        for (VisitDraft v : visitList) {
            int day;
            if (v.day() == null) {
                day = lastDay + 7;
                undated.add(v.id());
            } else {
                day = v.day();
            }
            lastDay = day;
            y.append("  - {id: ").append(q(v.id())).append(", label: ").append(q(v.label())).append(", epoch: ").append(q(v.epoch()))
                    .append(", day: ").append(day);
            if (v.early() > 0 || v.late() > 0) {
                y.append(", window: {early: ").append(v.early()).append(", late: ").append(v.late()).append('}');
            }
            y.append("}\n");
        }
        if (!undated.isEmpty()) {
            assumptions.add("Visit days: no timing places " + String.join(", ", undated) + "; each is put 7 days after the visit before it. "
                    + "Set their days and windows.");
        }

        // activities at the visits whose instances list them
        Map<String, String> activityIds = new LinkedHashMap<>();
        Set<String> usedActivities = new HashSet<>();
        StringBuilder activitiesYaml = new StringBuilder("activities:\n");
        List<String> forms = new ArrayList<>();
        for (Node a : ordered(design.list("activities"))) {
            String id = unique(snake(a.text("name", true)), usedActivities, "activity");
            activityIds.put(a.text("id", true), id);
            List<String> at = new ArrayList<>();
            for (VisitDraft v : visitList) {
                if (v.instanceIds().stream().map(instances::get).anyMatch(in -> in.texts("activityIds").contains(a.text("id", true)))) {
                    at.add(q(v.id()));
                }
            }
            if (at.isEmpty()) {
                assumptions.add("Activity " + id + " is at no visit of the main timeline; it is left out.");
                activityIds.remove(a.text("id", true));
                continue;
            }
            a.extension(UsdmMapping.ACTIVITY_FORM).ifPresent(f -> forms.add(id + " (form " + f + ")"));
            activitiesYaml.append("  - {id: ").append(q(id)).append(", label: ").append(q(label(a))).append(", at: [")
                    .append(String.join(", ", at)).append("]}\n");
        }
        if (!activityIds.isEmpty()) {
            y.append(activitiesYaml);
        }
        if (!forms.isEmpty()) {
            assumptions.add("Forms: USDM has no eCRFs; the source recorded these activities on forms: " + String.join(", ", forms)
                    + ". Add the forms and name each activity's form.");
        } else {
            assumptions.add("Forms: USDM has no eCRFs; add the forms and name each activity's form.");
        }

        // objectives and their endpoints
        StringBuilder objectivesYaml = new StringBuilder("objectives:\n");
        StringBuilder endpointsYaml = new StringBuilder("endpoints:\n");
        Set<String> usedObjectives = new HashSet<>();
        Set<String> usedEndpoints = new HashSet<>();
        int endpointCount = 0;
        for (Node o : design.list("objectives")) {
            String id = unique(upperId(o.text("name", true)), usedObjectives, "OBJ");
            Level level = o.code("level").flatMap(c -> UsdmMapping.level(c[0], c[1], c[2])).orElseGet(() -> {
                assumptions.add("Objective " + id + ": no level Harmonia knows; written as secondary.");
                return Level.SECONDARY;
            });
            List<String> eps = new ArrayList<>();
            for (Node e : o.list("endpoints")) {
                String eid = unique(upperId(e.text("name", true)), usedEndpoints, "EP");
                eps.add(q(eid));
                Level el = e.code("level").flatMap(c -> UsdmMapping.level(c[0], c[1], c[2])).orElse(level);
                String type = e.extension(UsdmMapping.ENDPOINT_TYPE).orElseGet(() -> {
                    assumptions.add("Endpoint " + eid + ": USDM does not give the kind of variable; written as continuous. Set its type "
                            + "(count, continuous, binary, ordinal, time-to-event).");
                    return "continuous";
                });
                endpointsYaml.append("  - id: ").append(q(eid)).append("\n    level: ").append(el.name().toLowerCase(Locale.ROOT))
                        .append("\n    type: ").append(q(type)).append("\n    text: ").append(q(text(e.text("text", true)))).append('\n');
                e.extension(UsdmMapping.ENDPOINT_SOURCE).ifPresent(src -> source(eid, src, usedActivities, usedVisits, endpointsYaml));
                endpointCount++;
            }
            objectivesYaml.append("  - id: ").append(q(id)).append("\n    level: ").append(level.name().toLowerCase(Locale.ROOT))
                    .append("\n    text: ").append(q(text(o.text("text", true)))).append('\n');
            if (!eps.isEmpty()) {
                objectivesYaml.append("    endpoints: [").append(String.join(", ", eps)).append("]\n");
            }
        }
        if (!usedObjectives.isEmpty()) {
            y.append(objectivesYaml);
        }
        if (endpointCount > 0) {
            y.append(endpointsYaml);
        }

        // eligibility: the wording from the file; the rule is a yes/no screening field per criterion, to be replaced
        Map<String, Node> items = new HashMap<>();
        version.list("eligibilityCriterionItems").forEach(i -> items.put(i.text("id", true), i));
        StringBuilder screening = new StringBuilder("screening:\n");
        StringBuilder eligibility = new StringBuilder("eligibility:\n");
        Set<String> usedCriteria = new HashSet<>();
        Set<String> usedFields = new HashSet<>();
        List<String> rules = new ArrayList<>();
        int criteria = 0;
        for (Node c : ordered(design.list("eligibilityCriteria"))) {
            String id = unique(upperId(firstNonBlank(c.text("name", true), c.text("identifier", false))), usedCriteria, "C");
            CriterionKind kind = c.code("category").flatMap(k -> UsdmMapping.criterionKind(k[0], k[1], k[2])).orElseGet(() -> {
                assumptions.add("Criterion " + id + ": its category is neither inclusion nor exclusion; written as inclusion.");
                return CriterionKind.INCLUSION;
            });
            Node item = items.get(c.text("criterionItemId", true));
            if (item == null) {
                throw c.fail("criterionItemId \"" + oneLine(c.text("criterionItemId", true), 100) + "\" names no eligibility criterion item");
            }
            String text = text(item.text("text", true));
            String field = unique(snake(id), usedFields, "criterion");
            screening.append("  - {name: ").append(q(field)).append(", type: boolean, label: ")
                    .append(q(oneLine((kind == CriterionKind.INCLUSION ? "meets " : "has ") + id + ": " + text, 500))).append("}\n");
            eligibility.append("  - id: ").append(q(id)).append("\n    kind: ").append(kind.name().toLowerCase(Locale.ROOT))
                    .append("\n    text: ").append(q(text)).append("\n    rule: ").append(field).append('\n');
            item.extension(UsdmMapping.CRITERION_RULE).ifPresent(r -> rules.add(id + ": " + r));
            item.extension(UsdmMapping.CRITERION_WHEN).ifPresent(w -> rules.add(id + " applies when: " + w));
            criteria++;
        }
        if (criteria > 0) {
            y.append(screening).append(eligibility);
            assumptions.add("Eligibility rules: USDM states criteria in words only; each criterion is decided by a yes/no screening field "
                    + "of its own. Replace them with the screening data and rules (docs/eligibility-rules.md)"
                    + (rules.isEmpty() ? "." : "; the source's rules were: " + String.join("; ", rules)));
        } else {
            assumptions.add("Eligibility: the file has no eligibility criteria; add them and the screening fields.");
        }

        // sites: USDM 4 keeps them with organisations; Harmonia needs them in a sub-trial
        List<String> sites = new ArrayList<>();
        for (Node o : version.list("organizations")) {
            for (Node s : o.list("managedSites")) {
                sites.add(oneLine(s.text("name", true), 200));
            }
        }
        y.append("subTrials:\n  - id: main\n    name: ").append(q(oneLine(title, 200))).append("\n    country: \"unknown\"\n    sites:\n");
        if (sites.isEmpty()) {
            y.append("      - {id: \"01\", name: \"site 01\", city: \"unknown\"}\n");
            assumptions.add("Sites: the file names no study sites; one sub-trial with one site 01 stands in for them.");
        } else {
            for (int i = 0; i < sites.size() && i < 999; i++) {
                y.append("      - {id: ").append(q(String.format(Locale.ROOT, "%02d", i + 1))).append(", name: ").append(q(sites.get(i)))
                        .append(", city: \"unknown\"}\n");
            }
            assumptions.add("Sites: the file's study sites are numbered 01, 02... in one sub-trial of unknown country; check them.");
        }
        assumptions.add("The statistical analysis plan is not in USDM; add it.");
        y.append("assumptions:\n");
        assumptions.forEach(a -> y.append("  - ").append(q(a)).append('\n'));
        return new Draft(y.toString(), List.copyOf(assumptions), visitList.size(), sequenceCount, criteria, endpointCount);
    }

    /** An endpoint's source ({@code activity[.field][@visit,...]}) when its activity and visits are in the draft; the field needs a form. */
    private void source(String endpointId, String source, Set<String> activities, Set<String> visits, StringBuilder yaml) {
        Matcher m = Pattern.compile("([A-Za-z0-9_.-]+?)(?:\\.([A-Za-z0-9_]+))?(?:@([A-Za-z0-9_.,-]+))?").matcher(source.strip());
        if (!m.matches() || !activities.contains(m.group(1))) {
            assumptions.add("Endpoint " + endpointId + ": its source \"" + oneLine(source, 200) + "\" names no activity of the draft; left out.");
            return;
        }
        List<String> vs = m.group(3) == null ? List.of() : List.of(m.group(3).split(","));
        if (!visits.containsAll(vs)) {
            assumptions.add("Endpoint " + endpointId + ": its source \"" + oneLine(source, 200) + "\" names visits not in the draft; left out.");
            return;
        }
        yaml.append("    source: {activity: ").append(q(m.group(1)));
        if (!vs.isEmpty()) {
            yaml.append(", visits: [").append(String.join(", ", vs.stream().map(DraftYaml::q).toList())).append(']');
        }
        yaml.append("}\n");
        if (m.group(2) != null) {
            assumptions.add("Endpoint " + endpointId + ": the source reads field " + m.group(2) + " of its activity's form; add it to the "
                    + "source once the form is there.");
        }
    }

    /** The main timeline (or the first there is). */
    private static Node mainTimeline(Node design) {
        List<Node> timelines = design.list("scheduleTimelines");
        return timelines.stream().filter(t -> t.bool("mainTimeline").orElse(false)).findFirst()
                .orElse(timelines.isEmpty() ? null : timelines.get(0));
    }

    private static Node timingOf(String instanceId, List<Node> timings) {
        return timings.stream().filter(t -> instanceId.equals(t.text("relativeFromScheduledInstanceId", false))).findFirst().orElse(null);
    }

    /**
     * The day of each scheduled instance: a fixed reference is day 0, an instance before or after another is that many
     * days from it (followed through chains of timings); an instance no timing reaches has none.
     */
    private Map<String, Integer> days(Map<String, Node> instances, List<Node> timings) {
        Map<String, Integer> days = new HashMap<>();
        boolean progress = true;
        for (int round = 0; progress && round <= instances.size(); round++) {
            progress = false;
            for (Node t : timings) {
                String from = t.text("relativeFromScheduledInstanceId", false);
                if (from == null || days.containsKey(from)) {
                    continue;
                }
                String[] type = t.code("type").orElse(new String[] {"", null, ""});
                int value = days(t.text("value", false));
                if (UsdmMapping.FIXED_REFERENCE.matches(type[0], type[1], type[2])) {
                    days.put(from, 0);
                    progress = true;
                    continue;
                }
                String to = t.text("relativeToScheduledInstanceId", false);
                if (to == null || !days.containsKey(to)) {
                    continue;
                }
                boolean before = UsdmMapping.BEFORE.matches(type[0], type[1], type[2]);
                days.put(from, days.get(to) + (before ? -Math.abs(value) : Math.abs(value)));
                progress = true;
            }
        }
        return days;
    }

    /** Whole days of an ISO 8601 duration (P28D, P4W, PT4H → 0); a year is 365 days and a month 30. */
    private static int days(String duration) {
        if (duration == null || duration.isBlank()) {
            return 0;
        }
        Matcher m = DURATION.matcher(duration.strip());
        if (!m.matches()) {
            return 0;
        }
        long d = 365L * n(m.group(1)) + 30L * n(m.group(2)) + 7L * n(m.group(3)) + n(m.group(4));
        d = Math.min(d, 100 * 365);
        return (int) (duration.strip().startsWith("-") ? -d : d);
    }

    private static long n(String g) {
        return g == null ? 0 : Long.parseLong(g.length() > 9 ? "999999999" : g);
    }

    /** Elements in the order of their previousId/nextId links; a list without links keeps its own order. */
    private static List<Node> ordered(List<Node> nodes) {
        Map<String, Node> byId = new LinkedHashMap<>();
        nodes.forEach(n -> byId.put(n.text("id", true), n));
        Node first = nodes.stream().filter(n -> n.text("previousId", false) == null && n.text("nextId", false) != null).findFirst().orElse(null);
        if (first == null) {
            return nodes;
        }
        List<Node> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Node n = first; n != null && seen.add(n.text("id", true)); n = byId.get(n.text("nextId", false))) {
            out.add(n);
        }
        if (out.size() != nodes.size()) {
            return nodes;   // broken or partial links: the file's order
        }
        return out;
    }

    /** A file's text as a protocol's: HTML tags gone, a template's parameter tags as [name], on one line. */
    private static String text(String s) {
        String t = s.replaceAll("<usdm:tag\\s+name=\"([^\"]*)\"\\s*/>", "[$1]").replaceAll("<[^>]+>", " ")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&nbsp;", " ");
        return oneLine(t, 4000);
    }

    private static String label(Node n) {
        return oneLine(firstNonBlank(n.text("label", false), n.text("name", true)), 500);
    }

    private static String unique(String base, Set<String> used, String fallback) {
        String b = base == null || base.isEmpty() ? fallback : base;
        String id = b;
        for (int i = 2; !used.add(id); i++) {
            id = b + "-" + i;
        }
        return id;
    }

    /** An id as Harmonia's protocol ids are written: letters, digits, '-', '_' and '.', starting with a letter or digit. */
    private static String upperId(String s) {
        String t = (s == null ? "" : s.strip()).replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("^[^A-Za-z0-9]+|-+$", "");
        return t.length() > 60 ? t.substring(0, 60) : t;
    }

    /** A rule-language name: snake case, starting with a letter, never a word of the language. */
    private static String snake(String s) {
        String t = (s == null ? "" : s).replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "").replaceAll("_+", "_");
        if (t.isEmpty() || !Character.isLetter(t.charAt(0))) {
            t = "c_" + t;
        }
        if (t.length() > 60) {
            t = t.substring(0, 60).replaceAll("_+$", "");
        }
        return unreserved(t);
    }
}
