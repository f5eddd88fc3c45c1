package org.harmonia.trial.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.harmonia.trial.eligibility.Rule;
import org.harmonia.trial.eligibility.RuleSyntaxException;
import org.harmonia.trial.eligibility.ScreeningVariable;
import org.harmonia.trial.eligibility.VariableType;
import org.harmonia.trial.forms.FormDefinition;
import org.harmonia.trial.forms.FormField;

/**
 * Reads the protocol's {@code editChecks:} section: each check's values must name visits, forms planned at those
 * visits and fields of those forms, its rule must type-check against them, and its query must go on one of its form
 * values. Problems are reported at their path like every other section's.
 */
final class EditCheckReader {
    private final List<Visit> visits;
    private final List<Activity> activities;
    private final List<FormDefinition> forms;

    EditCheckReader(List<Visit> visits, List<Activity> activities, List<FormDefinition> forms) {
        this.visits = visits;
        this.activities = activities;
        this.forms = forms;
    }

    List<EditCheck> read(YamlView section) {
        List<EditCheck> out = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (YamlView c : section.asList(false)) {
            EditCheck check = check(c);
            if (check != null && !ids.add(check.id())) {
                c.get("id").problem("duplicate edit check id \"" + check.id() + "\"");
            } else if (check != null) {
                out.add(check);
            }
        }
        return out;
    }

    private EditCheck check(YamlView c) {
        if (!c.isMapping()) {
            return null;
        }
        c.allowOnly("id", "text", "values", "rule", "query");
        String id = c.text("id", true);
        if (id != null && !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            c.get("id").problem("\"" + id + "\" must be letters, digits, '-', '_' or '.', without spaces");
            id = null;
        }
        String text = c.text("text", true);
        Map<String, EditCheck.CheckedValue> values = new LinkedHashMap<>();
        Map<String, ScreeningVariable> variables = new LinkedHashMap<>();
        YamlView vs = c.get("values");
        int declared = -1;
        if (!vs.present()) {
            vs.problem("is required: the values the rule reads, e.g. {edss_w24: {form: edss, visit: W24, field: edss}}");
        } else if (vs.isMapping()) {
            List<Map.Entry<String, YamlView>> entries = vs.entries();
            declared = entries.size();
            for (Map.Entry<String, YamlView> e : entries) {
                value(e.getKey(), e.getValue(), values, variables);
            }
        }
        String query = c.text("query", true);
        if (query != null && !values.isEmpty() && (values.get(query) == null || values.get(query).visitDate())) {
            c.get("query").problem("\"" + query + "\" is not one of the check's form values ("
                    + String.join(", ", values.entrySet().stream().filter(e -> !e.getValue().visitDate()).map(Map.Entry::getKey).toList())
                    + "); the query is raised on a field of a saved form");
            query = null;
        }
        Rule rule = rule(c.get("rule"), variables);
        if (id == null || text == null || rule == null || query == null || values.size() != declared) {
            return null;
        }
        return new EditCheck(id, text, values, variables, rule, query);
    }

    private void value(String name, YamlView v, Map<String, EditCheck.CheckedValue> values, Map<String, ScreeningVariable> variables) {
        if (!name.matches("[a-z][a-z0-9]*(_[a-z0-9]+)*")) {
            v.problem("\"" + name + "\" must be a snake_case word (lower-case letters and digits joined by _)");
            return;
        }
        if (!v.isMapping()) {
            return;
        }
        v.allowOnly("visit", "form", "field");
        String visitId = v.text("visit", true);
        String formId = v.text("form", false);
        String fieldName = v.text("field", false);
        Visit visit = visits.stream().filter(x -> x.id().equals(visitId)).findFirst().orElse(null);
        if (visitId != null && visit == null) {
            v.get("visit").problem("unknown visit \"" + visitId + "\"; known: "
                    + String.join(", ", visits.stream().map(Visit::id).toList()));
            return;
        }
        if (visit == null) {
            return;
        }
        if (formId == null && fieldName == null) {
            values.put(name, new EditCheck.CheckedValue(visitId, null, null));
            variables.put(name, ScreeningVariable.of(name, VariableType.DATE, "date of the visit " + visit.label()));
            return;
        }
        if (formId == null || fieldName == null) {
            v.problem("a value is a visit's date ({visit}) or a form's field at a visit ({form, visit, field})");
            return;
        }
        FormDefinition form = forms.stream().filter(f -> f.id().equals(formId)).findFirst().orElse(null);
        if (form == null) {
            v.get("form").problem("unknown form \"" + formId + "\"");
            return;
        }
        if (form.repeating()) {
            v.get("form").problem("form " + formId + " is a log with several records; an edit check reads a form recorded once at a visit");
            return;
        }
        boolean planned = activities.stream().anyMatch(a -> formId.equals(a.form()) && a.visitIds().contains(visitId));
        if (!planned) {
            v.get("form").problem("form " + formId + " is not planned at visit " + visitId);
            return;
        }
        FormField field = form.field(fieldName).orElse(null);
        if (field == null) {
            v.get("field").problem("form " + formId + " has no field \"" + fieldName + "\"");
            return;
        }
        ScreeningVariable f = field.variable();
        values.put(name, new EditCheck.CheckedValue(visitId, formId, fieldName));
        // the visit in the label, so that a reason reads "EDSS at week 24 is 4.5", not just "EDSS is 4.5"
        variables.put(name, new ScreeningVariable(name, f.type(), f.label() + " at " + visit.label(), f.unit(), f.choices()));
    }

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
}
