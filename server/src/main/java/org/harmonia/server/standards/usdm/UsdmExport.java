package org.harmonia.server.standards.usdm;

import static org.harmonia.server.standards.usdm.UsdmMapping.id;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.harmonia.server.cli.HarmoniaVersion;
import org.harmonia.server.standards.usdm.UsdmMapping.Term;
import org.harmonia.trial.protocol.Activity;
import org.harmonia.trial.protocol.Arm;
import org.harmonia.trial.protocol.EligibilityCriterion;
import org.harmonia.trial.protocol.Endpoint;
import org.harmonia.trial.protocol.EndpointSource;
import org.harmonia.trial.protocol.Epoch;
import org.harmonia.trial.protocol.Intervention;
import org.harmonia.trial.protocol.Objective;
import org.harmonia.trial.protocol.Period;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Registration;
import org.harmonia.trial.protocol.Sequence;
import org.harmonia.trial.protocol.SubTrial;
import org.harmonia.trial.protocol.Visit;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A protocol as a CDISC USDM 4 file (the API's {@code Wrapper}): the study, its version with titles, identifiers and
 * sponsor, and one interventional study design with the epochs, the sequences as study arms, the arms as study
 * elements, study cells, encounters, activities, the main schedule timeline (one scheduled instance per visit, its
 * day and window as a timing from the day-0 visit), eligibility criteria, objectives with their endpoints and the
 * population. The randomisation (strata, block sizes), the forms, the analysis plan, the sub-trials' own criteria and
 * the protocol's assumptions are not written: USDM has no place for most of them, and the block sizes are concealed.
 */
public final class UsdmExport {
    private final JsonMapper json = JsonMapper.builder().build();
    private int codes;

    /** What the file leaves out that the protocol says, for the command to report. */
    public record Result(ObjectNode usdm, List<String> notExported) {
    }

    public Result export(Protocol p) {
        List<String> notExported = new ArrayList<>();
        ObjectNode wrapper = json.createObjectNode();
        ObjectNode study = wrapper.putObject("study");
        study.put("id", id("Study", p.id()));
        study.set("extensionAttributes", json.createArrayNode());
        study.put("name", p.id());
        study.put("description", p.condition() == null ? null : "A study in " + p.condition());
        study.put("label", p.acronym());
        ArrayNode versions = study.putArray("versions");
        study.putArray("documentedBy");
        study.put("instanceType", "Study");

        ObjectNode version = versions.addObject();
        version.put("id", id("StudyVersion", p.version()));
        version.set("extensionAttributes", json.createArrayNode());
        version.put("versionIdentifier", p.version());
        version.put("rationale", "Protocol version " + p.version() + " as Harmonia runs it (sha256 " + p.sha256() + ")");
        // organisations: the sponsor, and each registry a registration is held in
        ArrayNode organizations = json.createArrayNode();
        ObjectNode sponsor = organization("Organization_sponsor", p.sponsor() == null ? "sponsor not stated" : p.sponsor(),
                UsdmMapping.SPONSOR, "Harmonia study id", p.id());
        organizations.add(sponsor);
        ArrayNode identifiers = version.putArray("studyIdentifiers");
        identifiers.add(identifier("StudyIdentifier_" + p.id(), p.id(), "Organization_sponsor"));
        Map<String, String> registries = new LinkedHashMap<>();
        for (SubTrial st : p.subTrials()) {
            for (Registration r : st.registrations()) {
                String orgId = registries.computeIfAbsent(r.registry(), reg -> {
                    String oid = "Organization_registry_" + (registries.size() + 1);
                    organizations.add(organization(oid, reg, UsdmMapping.REGISTRY, "registry", reg));
                    return oid;
                });
                identifiers.add(identifier("StudyIdentifier_" + st.id() + "_" + (identifiers.size() + 1), r.id(), orgId));
            }
        }
        ArrayNode titles = version.putArray("titles");
        titles.add(title("StudyTitle_official", p.title(), UsdmMapping.OFFICIAL_TITLE));
        if (p.acronym() != null) {
            titles.add(title("StudyTitle_acronym", p.acronym(), UsdmMapping.ACRONYM));
        }
        version.set("organizations", organizations);
        for (String empty : List.of("documentVersionIds", "dateValues", "amendments", "businessTherapeuticAreas", "referenceIdentifiers",
                "narrativeContentItems", "abbreviations", "roles", "administrableProducts", "medicalDevices", "productOrganizationRoles",
                "biomedicalConcepts", "bcCategories", "bcSurrogates", "dictionaries", "conditions", "notes")) {
            version.putArray(empty);
        }
        ArrayNode interventions = version.putArray("studyInterventions");
        for (Intervention i : p.interventions()) {
            interventions.add(intervention(i, p));
        }
        ArrayNode criterionItems = version.putArray("eligibilityCriterionItems");
        ArrayNode designs = version.putArray("studyDesigns");
        version.put("instanceType", "StudyVersion");

        ObjectNode d = designs.addObject();
        d.put("id", id("StudyDesign", p.id()));
        d.set("extensionAttributes", json.createArrayNode().add(extension("StudyDesign_randomised", UsdmMapping.RANDOMISED,
                p.design().randomised())));
        d.put("name", p.id() + " design");
        d.put("label", p.acronym());
        d.put("description", p.title());
        d.set("studyType", code(UsdmMapping.INTERVENTIONAL));
        d.set("studyPhase", p.phase() == null ? null : alias(UsdmMapping.phase(p.phase())));
        d.putArray("therapeuticAreas");
        d.putArray("characteristics");
        d.put("rationale", "");
        d.set("model", code(UsdmMapping.model(p.design().type())));
        d.set("blindingSchema", alias(UsdmMapping.blinding(p.design().masking())));
        d.putArray("intentTypes");
        d.putArray("subTypes");
        d.put("instanceType", "InterventionalStudyDesign");

        // epochs, in order, linked
        ArrayNode epochs = d.putArray("epochs");
        List<String> epochIds = p.epochs().stream().map(Epoch::id).toList();
        for (int i = 0; i < p.epochs().size(); i++) {
            Epoch e = p.epochs().get(i);
            ObjectNode n = named(epochs.addObject(), "StudyEpoch", e.id(), e.label());
            n.set("type", code(UsdmMapping.epochType(e.type())));
            link(n, "StudyEpoch", epochIds, i);
            n.putArray("notes");
            n.put("instanceType", "StudyEpoch");
        }
        // Harmonia's arms are what a participant receives in one epoch: USDM study elements
        ArrayNode elements = d.putArray("elements");
        for (Arm a : p.arms()) {
            ObjectNode n = named(elements.addObject(), "StudyElement", a.id(), a.label());
            if (a.type() != null) {
                n.set("extensionAttributes", json.createArrayNode().add(extension("StudyElement_" + a.id() + "_type", UsdmMapping.ARM_TYPE,
                        a.type())));
            }
            ArrayNode ids = n.putArray("studyInterventionIds");
            if (a.interventionId() != null) {
                ids.add(id("StudyIntervention", a.interventionId()));
            }
            n.putArray("notes");
            n.put("instanceType", "StudyElement");
        }
        // Harmonia's sequences are what a participant is allocated to: USDM study arms, one cell per epoch
        ArrayNode arms = d.putArray("arms");
        ArrayNode cells = d.putArray("studyCells");
        for (Sequence s : p.sequences()) {
            ObjectNode n = named(arms.addObject(), "StudyArm", s.id(), s.label());
            n.set("extensionAttributes", json.createArrayNode().add(extension("StudyArm_" + s.id() + "_ratio", UsdmMapping.SEQUENCE_RATIO,
                    s.ratio())));
            n.set("type", code(UsdmMapping.armType(sequenceArmType(p, s))));
            n.put("dataOriginDescription", "Data collected from the study's participants");
            n.set("dataOriginType", code(UsdmMapping.DATA_GENERATED_WITHIN_STUDY));
            n.putArray("populationIds");
            n.putArray("notes");
            n.put("instanceType", "StudyArm");
            for (Epoch e : p.epochs()) {
                ObjectNode c = cells.addObject();
                c.put("id", id("StudyCell", s.id() + "_" + e.id()));
                c.set("extensionAttributes", json.createArrayNode());
                c.put("armId", id("StudyArm", s.id()));
                c.put("epochId", id("StudyEpoch", e.id()));
                ArrayNode el = c.putArray("elementIds");
                s.periods().stream().filter(per -> per.epochId().equals(e.id())).map(Period::armId)
                        .forEach(arm -> el.add(id("StudyElement", arm)));
                c.put("instanceType", "StudyCell");
            }
        }
        d.set("studyInterventionIds", json.valueToTree(p.interventions().stream().map(i -> id("StudyIntervention", i.id())).toList()));

        // encounters: the visits in schedule order
        ArrayNode encounters = d.putArray("encounters");
        List<String> visitIds = p.visits().stream().map(Visit::id).toList();
        for (int i = 0; i < p.visits().size(); i++) {
            Visit v = p.visits().get(i);
            ObjectNode n = named(encounters.addObject(), "Encounter", v.id(), v.label());
            n.set("type", code(UsdmMapping.VISIT));
            link(n, "Encounter", visitIds, i);
            n.put("scheduledAtId", id("Timing", v.id()));
            n.putArray("environmentalSettings");
            n.putArray("contactModes");
            n.putArray("notes");
            n.put("instanceType", "Encounter");
        }
        ArrayNode activities = d.putArray("activities");
        List<String> activityIds = p.activities().stream().map(Activity::id).toList();
        for (int i = 0; i < p.activities().size(); i++) {
            Activity a = p.activities().get(i);
            ObjectNode n = named(activities.addObject(), "Activity", a.id(), a.label());
            if (a.form() != null) {
                n.set("extensionAttributes", json.createArrayNode().add(extension("Activity_" + a.id() + "_form", UsdmMapping.ACTIVITY_FORM,
                        a.form())));
            }
            link(n, "Activity", activityIds, i);
            for (String empty : List.of("childIds", "definedProcedures", "biomedicalConceptIds", "bcCategoryIds", "bcSurrogateIds", "notes")) {
                n.putArray(empty);
            }
            n.put("instanceType", "Activity");
        }
        d.set("scheduleTimelines", json.createArrayNode().add(timeline(p)));

        // eligibility: the master protocol's criteria, in order; each criterion's wording is its item
        ArrayNode criteria = d.putArray("eligibilityCriteria");
        List<EligibilityCriterion> ec = p.eligibility();
        List<String> criterionIds = ec.stream().map(EligibilityCriterion::id).toList();
        for (int i = 0; i < ec.size(); i++) {
            EligibilityCriterion c = ec.get(i);
            ObjectNode item = criterionItems.addObject();
            item.put("id", id("EligibilityCriterionItem", c.id()));
            ArrayNode ext = item.putArray("extensionAttributes");
            ext.add(extension("EligibilityCriterionItem_" + c.id() + "_rule", UsdmMapping.CRITERION_RULE, c.rule()));
            if (c.when() != null) {
                ext.add(extension("EligibilityCriterionItem_" + c.id() + "_when", UsdmMapping.CRITERION_WHEN, c.when()));
            }
            item.put("name", c.id());
            item.put("text", c.text());
            item.putArray("notes");
            item.put("instanceType", "EligibilityCriterionItem");
            ObjectNode n = criteria.addObject();
            n.put("id", id("EligibilityCriterion", c.id()));
            n.set("extensionAttributes", json.createArrayNode());
            n.put("name", c.id());
            n.set("category", code(UsdmMapping.category(c.kind())));
            n.put("identifier", c.id());
            n.put("criterionItemId", id("EligibilityCriterionItem", c.id()));
            link(n, "EligibilityCriterion", criterionIds, i);
            n.putArray("notes");
            n.put("instanceType", "EligibilityCriterion");
        }
        boolean variants = p.subTrials().stream().anyMatch(st -> !st.eligibility().isEmpty());
        if (variants) {
            notExported.add("the sub-trials' own eligibility criteria (USDM has one list per study design; the master protocol's is written)");
        }

        ObjectNode population = d.putObject("population");
        population.put("id", "StudyDesignPopulation_" + p.id());
        population.set("extensionAttributes", json.createArrayNode());
        population.put("name", "study population");
        population.put("description", p.condition());
        population.put("includesHealthySubjects", false);
        if (p.design().plannedEnrolment() != null) {
            ObjectNode q = population.putObject("plannedEnrollmentNumber");
            q.put("id", "Quantity_planned_enrolment");
            q.set("extensionAttributes", json.createArrayNode());
            q.put("value", p.design().plannedEnrolment());
            q.put("instanceType", "Quantity");
        }
        population.set("criterionIds", json.valueToTree(ec.stream().map(c -> id("EligibilityCriterion", c.id())).toList()));
        population.putArray("plannedSex");
        population.putArray("notes");
        population.putArray("cohorts");
        population.put("instanceType", "StudyDesignPopulation");

        // objectives, each with its endpoints nested (an endpoint two objectives name is nested in the first)
        ArrayNode objectives = d.putArray("objectives");
        Set<String> written = new LinkedHashSet<>();
        for (Objective o : p.objectives()) {
            ObjectNode n = objectives.addObject();
            n.put("id", id("Objective", o.id()));
            n.set("extensionAttributes", json.createArrayNode());
            n.put("name", o.id());
            n.put("text", o.text());
            n.putArray("notes");
            n.set("level", code(UsdmMapping.objectiveLevel(o.level())));
            ArrayNode eps = n.putArray("endpoints");
            for (String epId : o.endpointIds()) {
                if (!written.add(epId)) {
                    notExported.add("endpoint " + epId + " under objective " + o.id() + " (it is nested under the first objective naming it)");
                    continue;
                }
                p.endpoints().stream().filter(e -> e.id().equals(epId)).findFirst().ifPresent(e -> eps.add(endpoint(e)));
            }
            n.put("instanceType", "Objective");
        }
        for (Endpoint e : p.endpoints()) {
            if (!written.contains(e.id())) {
                notExported.add("endpoint " + e.id() + " (no objective names it, and USDM nests endpoints in objectives)");
            }
        }
        for (String empty : List.of("estimands", "indications", "biospecimenRetentions", "documentVersionIds", "analysisPopulations", "notes")) {
            d.putArray(empty);
        }
        if (p.design().randomised()) {
            notExported.add("the randomisation (method, strata and block sizes: the block sizes are concealed)");
        }
        if (!p.forms().isEmpty()) {
            notExported.add(p.forms().size() + " forms (USDM has no eCRFs; each activity names its form in an extension attribute)");
        }
        if (!p.analysis().analyses().isEmpty()) {
            notExported.add("the statistical analysis plan");
        }
        if (!p.subTrials().isEmpty()) {
            notExported.add("the sub-trials and their sites (their registrations are study identifiers)");
        }
        if (!p.assumptions().isEmpty()) {
            notExported.add("the protocol's " + p.assumptions().size() + " assumptions");
        }
        wrapper.put("usdmVersion", UsdmMapping.USDM_VERSION);
        wrapper.put("systemName", "Harmonia");
        wrapper.put("systemVersion", HarmoniaVersion.current());
        return new Result(wrapper, List.copyOf(notExported));
    }

    /**
     * The main timeline: one scheduled activity instance per visit in order, holding the activities done there; each
     * visit's day is a timing relative to the day-0 visit (the fixed reference), with its window.
     */
    private ObjectNode timeline(Protocol p) {
        ObjectNode t = json.createObjectNode();
        t.put("id", "ScheduleTimeline_main");
        t.set("extensionAttributes", json.createArrayNode());
        t.put("name", "main timeline");
        t.put("label", "schedule of activities");
        t.put("mainTimeline", true);
        t.put("entryCondition", "informed consent");
        t.put("entryId", id("ScheduledActivityInstance", p.visits().get(0).id()));
        ObjectNode exit = t.putArray("exits").addObject();
        exit.put("id", "ScheduleTimelineExit_main");
        exit.set("extensionAttributes", json.createArrayNode());
        exit.put("instanceType", "ScheduleTimelineExit");
        Visit anchor = p.visits().stream().filter(v -> v.targetDay() == 0).findFirst().orElse(p.visits().get(0));
        String anchorId = id("ScheduledActivityInstance", anchor.id());
        ArrayNode timings = t.putArray("timings");
        ArrayNode instances = t.putArray("instances");
        for (int i = 0; i < p.visits().size(); i++) {
            Visit v = p.visits().get(i);
            ObjectNode in = instances.addObject();
            in.put("id", id("ScheduledActivityInstance", v.id()));
            in.set("extensionAttributes", json.createArrayNode());
            in.put("name", v.id());
            in.put("label", v.label());
            in.put("epochId", id("StudyEpoch", v.epochId()));
            in.put("encounterId", id("Encounter", v.id()));
            in.put("timelineExitId", i == p.visits().size() - 1 ? "ScheduleTimelineExit_main" : null);
            ArrayNode acts = in.putArray("activityIds");
            for (Activity a : p.activities()) {
                if (a.visitIds().contains(v.id())) {
                    acts.add(id("Activity", a.id()));
                }
            }
            in.put("instanceType", "ScheduledActivityInstance");

            int days = v.targetDay() - anchor.targetDay();
            ObjectNode tm = timings.addObject();
            tm.put("id", id("Timing", v.id()));
            tm.set("extensionAttributes", json.createArrayNode());
            tm.put("name", "day of " + v.id());
            tm.put("label", "day " + v.targetDay());
            Term type = v == anchor ? UsdmMapping.FIXED_REFERENCE : days < 0 ? UsdmMapping.BEFORE : UsdmMapping.AFTER;
            tm.set("type", code(type));
            tm.put("value", "P" + Math.abs(days) + "D");
            tm.put("valueLabel", Math.abs(days) + " days");
            tm.set("relativeToFrom", code(UsdmMapping.START_TO_START));
            tm.put("relativeFromScheduledInstanceId", id("ScheduledActivityInstance", v.id()));
            tm.put("relativeToScheduledInstanceId", anchorId);
            boolean window = v.window().early() > 0 || v.window().late() > 0;
            tm.put("windowLower", window ? "P" + v.window().early() + "D" : null);
            tm.put("windowUpper", window ? "P" + v.window().late() + "D" : null);
            tm.put("windowLabel", window ? "-" + v.window().early() + ".." + v.window().late() + " days" : null);
            tm.put("instanceType", "Timing");
        }
        t.put("instanceType", "ScheduleTimeline");
        return t;
    }

    private ObjectNode endpoint(Endpoint e) {
        ObjectNode n = json.createObjectNode();
        n.put("id", id("Endpoint", e.id()));
        ArrayNode ext = n.putArray("extensionAttributes");
        ext.add(extension("Endpoint_" + e.id() + "_type", UsdmMapping.ENDPOINT_TYPE, e.type().name().toLowerCase().replace('_', '-')));
        if (e.source() != null) {
            ext.add(extension("Endpoint_" + e.id() + "_source", UsdmMapping.ENDPOINT_SOURCE, source(e.source())));
        }
        n.put("name", e.id());
        n.put("text", e.text());
        n.putArray("notes");
        // USDM's purpose (efficacy, safety...) is not in a Harmonia protocol
        n.put("purpose", "not stated");
        n.set("level", code(UsdmMapping.endpointLevel(e.level())));
        n.put("instanceType", "Endpoint");
        return n;
    }

    /** {@code activity[.field][@visit,visit]}: the endpoint's source in one line. */
    static String source(EndpointSource s) {
        return s.activityId() + (s.field() == null ? "" : "." + s.field())
                + (s.visitIds().isEmpty() ? "" : "@" + String.join(",", s.visitIds()));
    }

    private ObjectNode intervention(Intervention i, Protocol p) {
        ObjectNode n = named(json.createObjectNode(), "StudyIntervention", i.id(), null);
        n.put("name", i.id());
        n.put("label", i.name());
        String armType = p.arms().stream().filter(a -> i.id().equals(a.interventionId())).map(Arm::type).filter(t -> t != null)
                .findFirst().orElse(i.type());
        n.set("role", code(UsdmMapping.Term.harmonia(armType == null ? "intervention" : armType)));
        n.set("type", code(UsdmMapping.Term.harmonia(i.type() == null ? "intervention" : i.type())));
        n.putArray("codes");
        n.putArray("administrations");
        n.putArray("notes");
        n.put("instanceType", "StudyIntervention");
        return n;
    }

    /** The type of a sequence's study arm: the first period's arm that is not experimental tells a comparator arm. */
    private static String sequenceArmType(Protocol p, Sequence s) {
        List<String> types = s.periods().stream().map(per -> p.arms().stream().filter(a -> a.id().equals(per.armId())).findFirst()
                .map(Arm::type).orElse(null)).filter(t -> t != null).toList();
        if (types.size() == 1) {
            return types.get(0);
        }
        // a crossover sequence goes through every arm: it is experimental as a whole
        return "experimental";
    }

    /** {@code previousId} and {@code nextId}: the neighbours of the {@code i}-th of an ordered list (null at either end). */
    private static void link(ObjectNode n, String usdmClass, List<String> harmoniaIds, int i) {
        n.put("previousId", i == 0 ? null : id(usdmClass, harmoniaIds.get(i - 1)));
        n.put("nextId", i == harmoniaIds.size() - 1 ? null : id(usdmClass, harmoniaIds.get(i + 1)));
    }

    private ObjectNode named(ObjectNode n, String usdmClass, String harmoniaId, String label) {
        n.put("id", id(usdmClass, harmoniaId));
        n.set("extensionAttributes", json.createArrayNode());
        n.put("name", harmoniaId);
        n.put("label", label);
        return n;
    }

    private ObjectNode organization(String id, String name, Term type, String scheme, String identifier) {
        ObjectNode o = json.createObjectNode();
        o.put("id", id);
        o.set("extensionAttributes", json.createArrayNode());
        o.put("name", name);
        o.set("type", code(type));
        o.put("identifierScheme", scheme);
        o.put("identifier", identifier);
        o.putArray("managedSites");
        o.put("instanceType", "Organization");
        return o;
    }

    private ObjectNode identifier(String id, String text, String scopeId) {
        ObjectNode o = json.createObjectNode();
        o.put("id", id);
        o.set("extensionAttributes", json.createArrayNode());
        o.put("text", text);
        o.put("scopeId", scopeId);
        o.put("instanceType", "StudyIdentifier");
        return o;
    }

    private ObjectNode title(String id, String text, Term type) {
        ObjectNode o = json.createObjectNode();
        o.put("id", id);
        o.set("extensionAttributes", json.createArrayNode());
        o.put("text", text);
        o.set("type", code(type));
        o.put("instanceType", "StudyTitle");
        return o;
    }

    private ObjectNode code(Term t) {
        ObjectNode c = json.createObjectNode();
        c.put("id", "Code_" + (++codes));
        c.set("extensionAttributes", json.createArrayNode());
        c.put("code", t.code());
        c.put("codeSystem", t.system());
        c.put("codeSystemVersion", t.system().equals(UsdmMapping.CDISC) ? UsdmMapping.CDISC_VERSION : HarmoniaVersion.current());
        c.put("decode", t.decode());
        c.put("instanceType", "Code");
        return c;
    }

    private ObjectNode alias(Term t) {
        ObjectNode a = json.createObjectNode();
        a.put("id", "AliasCode_" + (codes + 1));
        a.set("extensionAttributes", json.createArrayNode());
        a.set("standardCode", code(t));
        a.putArray("standardCodeAliases");
        a.put("instanceType", "AliasCode");
        return a;
    }

    private ObjectNode extension(String id, String url, Object value) {
        ObjectNode e = json.createObjectNode();
        e.put("id", "ExtensionAttribute_" + id);
        e.put("url", url);
        if (value instanceof Boolean b) {
            e.put("valueBoolean", b);
        } else if (value instanceof Integer i) {
            e.put("valueInteger", i);
        } else {
            e.put("valueString", value.toString());
        }
        e.set("extensionAttributes", json.createArrayNode());
        e.put("instanceType", "ExtensionAttribute");
        return e;
    }
}
