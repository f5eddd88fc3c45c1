package org.harmonia.server.standards.odm;

import static org.harmonia.server.standards.DraftYaml.firstNonBlank;
import static org.harmonia.server.standards.DraftYaml.oneLine;
import static org.harmonia.server.standards.DraftYaml.q;
import static org.harmonia.server.standards.DraftYaml.unreserved;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.harmonia.server.standards.DraftYaml;

/**
 * Turns an ODM file's metadata into a Harmonia protocol file: visits from the StudyEventDefs, forms with their fields,
 * types, units, limits and choice lists from the FormDefs, ItemGroupDefs, ItemDefs and CodeLists. What ODM cannot say
 * (the design, the arms, the visits' days and windows, the eligibility criteria, the sites) is written as a
 * placeholder and listed under {@code assumptions}, each saying what to fill in.
 */
final class OdmProtocolWriter {
    /** The protocol text and what it had to assume. */
    record Draft(String yaml, List<String> assumptions, int visits, int forms, int fields) {
    }

    private final List<String> assumptions = new ArrayList<>();

    Draft write(OdmFile odm, String fileName) {
        boolean redcap = "REDCap".equalsIgnoreCase(odm.sourceSystem()) || odm.items().values().stream()
                .anyMatch(i -> i.vendor().containsKey("redcap:FieldType"));
        String studyId = studyId(odm);
        StringBuilder y = new StringBuilder();
        y.append("# Harmonia protocol drafted from the ODM file ").append(fileName)
                .append(odm.sourceSystem() == null ? "" : " (" + odm.sourceSystem() + ")").append(" by harmonia import odm.\n")
                .append("# Visits, forms, fields, limits and choice lists come from the file; everything ODM cannot express is a\n")
                .append("# placeholder listed under assumptions at the end: fill those in before the study starts.\n\n");
        y.append("harmonia: 1\nstudy:\n");
        y.append("  id: ").append(q(studyId)).append('\n');
        y.append("  version: \"0.1\"\n");
        String title = firstNonBlank(odm.studyName(), odm.protocolName(), odm.studyOid(), studyId);
        y.append("  title: ").append(q(title)).append('\n');
        if (odm.protocolName() != null) {
            y.append("  acronym: ").append(q(oneLine(odm.protocolName(), 40))).append('\n');
        }
        y.append("design:\n  type: parallel\n  allocation: non-randomised\n  masking: none\n");
        assumptions.add("Design: ODM has no study design; written as a parallel, non-randomised, open study. Set type, "
                + "allocation, masking and randomisation.");
        y.append("arms:\n  - {id: ARM-1, label: \"study arm\"}\n");
        assumptions.add("Arms: ODM has no arms; one arm ARM-1 stands in for them.");
        y.append("epochs:\n  - {id: STUDY, label: \"study\", type: treatment}\n");
        assumptions.add("Epochs: ODM has no epochs; every visit is in one epoch STUDY.");

        // visits: the StudyEventDefs in the protocol's order; a file without events (a REDCap classic project) has one
        Map<String, String> visitIds = new LinkedHashMap<>();
        Set<String> usedVisitIds = new HashSet<>();
        List<OdmFile.EventDef> events = new ArrayList<>(odm.events());
        if (events.isEmpty()) {
            events.add(new OdmFile.EventDef(null, "data collection", false, "Scheduled", List.copyOf(odm.forms().keySet())));
            assumptions.add("Visits: the file defines no events (a project without visits); all forms are at one visit V1.");
        }
        y.append("visits:\n");
        int day = 0;
        for (OdmFile.EventDef e : events) {
            String id = unique(upperId(e.oid() == null ? "V1" : stripPrefix(e.oid(), "SE_", "SE.", "Event.")), usedVisitIds, "V");
            visitIds.put(e.oid(), id);
            y.append("  - {id: ").append(q(id)).append(", label: ").append(q(oneLine(firstNonBlank(e.name(), id), 500)))
                    .append(", epoch: STUDY, day: ").append(day).append("}\n");
            day += 7;
        }
        assumptions.add("Visit days: ODM gives no timing; the visits are placed 7 days apart from day 0 in the file's order "
                + "with no window. Set each visit's day and window.");

        // forms: one Harmonia form per FormDef, its fields from all its item groups
        Map<String, String> formIds = new LinkedHashMap<>();
        Map<String, String> formLabels = new LinkedHashMap<>();
        Set<String> usedFormIds = new HashSet<>();
        StringBuilder formsYaml = new StringBuilder("forms:\n");
        int fieldCount = 0;
        for (OdmFile.FormDef f : odm.forms().values()) {
            String id = unique(snake(stripPrefix(f.oid(), "F_", "F.", "Form.")), usedFormIds, "form");
            formIds.put(f.oid(), id);
            List<String> fields = new ArrayList<>();
            Set<String> usedNames = new HashSet<>();
            Set<String> checkboxesDone = new HashSet<>();
            boolean repeating = f.repeating() || f.groupOids().stream().map(odm.groups()::get)
                    .anyMatch(g -> g != null && g.repeating());
            for (String groupOid : f.groupOids()) {
                OdmFile.GroupDef g = odm.groups().get(groupOid);
                if (g == null) {
                    continue;
                }
                for (OdmFile.ItemRef ref : g.items()) {
                    OdmFile.ItemDef item = odm.items().get(ref.itemOid());
                    if (item == null) {
                        continue;
                    }
                    String line = field(odm, id, item, ref.mandatory(), usedNames, checkboxesDone, redcap);
                    if (line != null) {
                        fields.add(line);
                    }
                }
            }
            if (fields.isEmpty()) {
                assumptions.add("Form " + id + " (" + f.oid() + ") has no fields Harmonia can hold and is left out.");
                formIds.remove(f.oid());
                continue;
            }
            formLabels.put(id, oneLine(firstNonBlank(f.name(), id), 500));
            formsYaml.append("  - id: ").append(q(id)).append('\n');
            formsYaml.append("    label: ").append(q(oneLine(firstNonBlank(f.name(), id), 500))).append('\n');
            if (repeating) {
                formsYaml.append("    repeating: true\n");
            }
            formsYaml.append("    fields:\n");
            fields.forEach(l -> formsYaml.append("      - ").append(l).append('\n'));
            fieldCount += fields.size();
        }

        // activities: which forms each visit holds
        Map<String, Set<String>> formVisits = new LinkedHashMap<>();
        for (OdmFile.EventDef e : events) {
            for (String formOid : e.formOids()) {
                if (formIds.containsKey(formOid)) {
                    formVisits.computeIfAbsent(formIds.get(formOid), k -> new LinkedHashSet<>()).add(visitIds.get(e.oid()));
                }
            }
        }
        // a form no event refers to (REDCap classic, or an OpenClinica form version not in use) goes to the first visit
        String firstVisit = visitIds.values().iterator().next();
        for (String formId : formIds.values()) {
            if (!formVisits.containsKey(formId)) {
                formVisits.put(formId, new LinkedHashSet<>(List.of(firstVisit)));
                assumptions.add("Form " + formId + " is planned at no event in the file; it is placed at visit " + firstVisit + ".");
            }
        }
        y.append("activities:\n");
        for (Map.Entry<String, Set<String>> a : formVisits.entrySet()) {
            y.append("  - {id: ").append(q(a.getKey())).append(", label: ").append(q(formLabels.get(a.getKey())))
                    .append(", form: ").append(q(a.getKey())).append(", at: [")
                    .append(String.join(", ", a.getValue().stream().map(DraftYaml::q).toList())).append("]}\n");
        }
        y.append(formsYaml);

        // sites: from the AdminData locations when there are any
        y.append("subTrials:\n  - id: main\n    name: ").append(q(oneLine(title, 200))).append("\n    country: \"unknown\"\n    sites:\n");
        if (odm.locations().isEmpty()) {
            y.append("      - {id: \"01\", name: \"site 01\", city: \"unknown\"}\n");
            assumptions.add("Sites: the file names no sites; one sub-trial with one site 01 stands in for them. Add the sites, "
                    + "their cities and countries.");
        } else {
            int n = 1;
            for (Map.Entry<String, String> loc : odm.locations().entrySet()) {
                y.append("      - {id: ").append(q(String.format(Locale.ROOT, "%02d", n++))).append(", name: ")
                        .append(q(oneLine(firstNonBlank(loc.getValue(), loc.getKey()), 200))).append(", city: \"unknown\"}\n");
            }
            assumptions.add("Sites: the file's locations are numbered 01, 02... in their order, in one sub-trial of unknown "
                    + "country. Check the site ids, cities and countries.");
        }
        assumptions.add("Eligibility: ODM has no eligibility criteria and no screening fields; add them.");
        assumptions.add("Objectives, endpoints and the statistical analysis plan are not in ODM; add them.");
        y.append("assumptions:\n");
        assumptions.forEach(a -> y.append("  - ").append(q(a)).append('\n'));
        return new Draft(y.toString(), List.copyOf(assumptions), events.size(), formIds.size(), fieldCount);
    }

    /** One field as a YAML flow mapping, or null (with an assumption) when Harmonia cannot hold it. */
    private String field(OdmFile odm, String formId, OdmFile.ItemDef item, boolean mandatory, Set<String> used,
                         Set<String> checkboxesDone, boolean redcap) {
        String fieldType = item.vendor().get("redcap:FieldType");
        String variable = item.vendor().get("redcap:Variable");
        String label = oneLine(firstNonBlank(item.question(), item.name(), item.oid()), 500);
        if (redcap && ("descriptive".equals(fieldType) || item.oid().endsWith("_complete") && "select".equals(fieldType))) {
            // REDCap's form status and descriptive texts are not data
            return null;
        }
        if (redcap && "record_id".equals(item.oid())) {
            assumptions.add("Form " + formId + ": REDCap's record id is the subject's key, not a field.");
            return null;
        }
        String name = unique(snake(stripPrefix(item.name() == null ? item.oid() : item.name(), "I_")), used, "field");
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", name);
        OdmFile.CodeList cl = item.codeListOid() == null ? null : odm.codeLists().get(item.codeListOid());
        String dt = item.dataType() == null ? "text" : item.dataType();
        if ("checkbox".equals(fieldType)) {
            // a REDCap checkbox comes as one yes/no item per option (var___1, var___2...)
            f.put("type", "boolean");
            String option = item.oid().contains("___") ? item.oid().substring(item.oid().lastIndexOf("___") + 3) : null;
            if (variable != null && checkboxesDone.add(variable)) {
                assumptions.add("Form " + formId + ": REDCap checkbox " + variable + " becomes one yes/no field per option.");
            }
            f.put("label", label + (option == null ? "" : " (option " + option + ")"));
        } else if (cl != null && ("boolean".equals(dt) || "yesno".equals(fieldType) || "truefalse".equals(fieldType))) {
            f.put("type", "boolean");
            f.put("label", label);
        } else if (cl != null && !cl.items().isEmpty()) {
            f.put("type", "choice");
            f.put("label", label);
            List<String> choices = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (OdmFile.CodeItem ci : cl.items()) {
                String c = oneLine(firstNonBlank(ci.decode(), ci.code()), 500);
                choices.add(seen.add(c) ? c : c + " (" + ci.code() + ")");
            }
            f.put("choices", choices);
            if (cl.items().stream().anyMatch(ci -> !ci.code().equals(ci.decode()))) {
                assumptions.add("Form " + formId + ", field " + name + ": the choices are the code list's labels; the codes ("
                        + String.join(", ", cl.items().stream().map(OdmFile.CodeItem::code).limit(10).toList())
                        + (cl.items().size() > 10 ? ", ..." : "") + ") are read back to labels on import.");
            }
        } else {
            switch (dt) {
                case "integer" -> f.put("type", "integer");
                case "float", "double", "hexFloat", "base64Float" -> f.put("type", "number");
                case "date" -> f.put("type", "date");
                case "boolean" -> f.put("type", "boolean");
                default -> {
                    f.put("type", "text");
                    if (!"text".equals(dt) && !"string".equals(dt)) {
                        assumptions.add("Form " + formId + ", field " + name + ": ODM type " + dt + " is kept as text.");
                    }
                    int max = item.length() == null ? 500 : Math.max(1, Math.min(item.length(), 20_000));
                    if ("notes".equals(fieldType) || max > 500) {
                        f.put("multiline", true);
                    }
                    f.put("maxLength", max);
                }
            }
            f.put("label", label);
            String type = (String) f.get("type");
            if (type.equals("integer") || type.equals("number")) {
                limits(item, f, formId, name, type.equals("integer"));
            }
            if (item.unitOid() != null && odm.units().containsKey(item.unitOid())) {
                String unit = oneLine(odm.units().get(item.unitOid()), 40);
                if (!unit.isBlank()) {
                    f.put("unit", unit);
                }
            }
        }
        if (mandatory || "y".equals(item.vendor().get("redcap:RequiredField"))) {
            f.put("required", true);
        }
        return flow(f);
    }

    /** Hard range checks become limits, soft ones the normal range; REDCap's validation min/max are soft checks. */
    private void limits(OdmFile.ItemDef item, Map<String, Object> f, String formId, String name, boolean integer) {
        BigDecimal min = null;
        BigDecimal max = null;
        BigDecimal low = null;
        BigDecimal high = null;
        for (OdmFile.RangeCheck c : item.rangeChecks()) {
            BigDecimal v;
            try {
                v = new BigDecimal(c.value().strip());
            } catch (NumberFormatException | NullPointerException e) {
                continue;
            }
            boolean hard = "Hard".equalsIgnoreCase(c.softHard());
            switch (c.comparator() == null ? "" : c.comparator()) {
                case "GE", "GT" -> {
                    if (hard) {
                        min = v;
                    } else {
                        low = v;
                    }
                }
                case "LE", "LT" -> {
                    if (hard) {
                        max = v;
                    } else {
                        high = v;
                    }
                }
                default -> assumptions.add("Form " + formId + ", field " + name + ": range check " + c.comparator() + " "
                        + c.value() + " is not a limit Harmonia knows and is left out.");
            }
            if ("GT".equals(c.comparator()) || "LT".equals(c.comparator())) {
                assumptions.add("Form " + formId + ", field " + name + ": the strict check " + c.comparator() + " " + c.value()
                        + " is kept as an inclusive limit.");
            }
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            min = null;
            max = null;
        }
        if (min != null) {
            f.put("min", integer ? min.stripTrailingZeros().toPlainString() : min.toPlainString());
        }
        if (max != null) {
            f.put("max", integer ? max.stripTrailingZeros().toPlainString() : max.toPlainString());
        }
        if (low != null && high != null && low.compareTo(high) <= 0) {
            f.put("normal", List.of(low.toPlainString(), high.toPlainString()));
        }
    }

    /** A YAML flow mapping with every text double-quoted (JSON escapes are valid YAML). */
    private static String flow(Map<String, Object> f) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> e : f.entrySet()) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append(e.getKey()).append(": ");
            Object v = e.getValue();
            if (v instanceof List<?> list) {
                b.append('[').append(String.join(", ", list.stream().map(x -> e.getKey().equals("normal") ? x.toString()
                        : q(x.toString())).toList())).append(']');
            } else if (v instanceof Boolean || v instanceof Integer) {
                b.append(v);
            } else if (e.getKey().equals("min") || e.getKey().equals("max")) {
                b.append(v);
            } else {
                b.append(q(v.toString()));
            }
        }
        return b.append('}').toString();
    }

    private static String stripPrefix(String s, String... prefixes) {
        for (String p : prefixes) {
            if (s != null && s.startsWith(p) && s.length() > p.length()) {
                return s.substring(p.length());
            }
        }
        return s;
    }

    /** The study id from the protocol name, else the study name, else the OID. */
    private static String studyId(OdmFile odm) {
        String base = firstNonBlank(odm.protocolName(), odm.studyName(), stripPrefix(odm.studyOid(), "S_", "Project."), "imported");
        return DraftYaml.studyId(base);
    }

    /** A snake_case name as the protocol requires for forms and fields. */
    static String snake(String s) {
        String t = (s == null ? "" : s).replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "").replaceAll("_+", "_");
        if (t.isEmpty() || !Character.isLetter(t.charAt(0))) {
            t = "f_" + t;
        }
        t = t.replaceAll("_+$", "");
        return unreserved(t);
    }

    private static String upperId(String s) {
        String t = (s == null ? "" : s).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "-").replaceAll("^-+|-+$", "");
        return t.isEmpty() ? "V" : t;
    }

    private static String unique(String base, Set<String> used, String fallback) {
        String b = base == null || base.isEmpty() ? fallback : base;
        String id = b;
        for (int n = 2; !used.add(id); n++) {
            id = b + (b.contains("-") || Character.isUpperCase(b.charAt(0)) ? "-" : "_") + n;
        }
        return id;
    }
}
