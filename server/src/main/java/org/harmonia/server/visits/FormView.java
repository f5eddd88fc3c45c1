package org.harmonia.server.visits;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.server.system.FieldError;
import org.harmonia.trial.eligibility.ScreeningVariable;
import org.harmonia.trial.forms.FieldIssue;
import org.harmonia.trial.forms.FormDefinition;
import org.harmonia.trial.forms.FormField;

/**
 * A protocol form drawn as HTML inputs: each field's input kind and attributes come from its definition (type,
 * unit, min/max, required, choices, multiline, maxLength), so a new protocol's forms need no new template.
 * Carries the values shown, the API's errors by field and the warnings stored with the record.
 */
public record FormView(List<Input> inputs, List<FieldError> otherErrors) {

    /**
     * One field as an input. {@code kind}: text, textarea, number, date, select (choices and yes/no). {@code unitHint} names
     * every unit the field accepts; {@code shown} is the saved value as read, in every unit the field has.
     */
    public record Input(String name, String label, String unit, String kind, boolean yesNo, List<String> choices,
                        boolean required, String min, String max, String step, Integer maxLength, String value,
                        List<String> errors, List<String> warnings, String unitHint, String shown) {
        public String id() {
            return "field-" + name;
        }

        /** The ids of the texts that describe the input, for {@code aria-describedby}. */
        public String describedBy() {
            List<String> ids = new ArrayList<>();
            if (unit != null) {
                ids.add(id() + "-unit");
            }
            if (!errors.isEmpty()) {
                ids.add(id() + "-error");
            }
            if (!warnings.isEmpty()) {
                ids.add(id() + "-warning");
            }
            return ids.isEmpty() ? null : String.join(" ", ids);
        }
    }

    /** The prefix the API gives a form's values in its field errors ({@code values.gel_count}) and the inputs' names. */
    public static final String PREFIX = "values.";

    public static FormView of(FormDefinition form, Map<String, String> values, List<FieldError> errors, List<FieldIssue> warnings) {
        Map<String, List<String>> byField = new LinkedHashMap<>();
        List<FieldError> other = new ArrayList<>();
        for (FieldError e : errors) {
            String field = e.field() != null && e.field().startsWith(PREFIX) ? e.field().substring(PREFIX.length()) : null;
            if (field != null && form.field(field).isPresent()) {
                byField.computeIfAbsent(field, k -> new ArrayList<>()).add(e.message());
            } else {
                other.add(e);
            }
        }
        List<Input> inputs = new ArrayList<>();
        for (FormField f : form.fields()) {
            ScreeningVariable v = f.variable();
            String kind;
            String step = null;
            boolean yesNo = false;
            switch (v.type()) {
                // a field with other units takes the unit typed after the number ("2.1 mg/dL")
                case NUMBER -> { kind = f.otherUnits().isEmpty() ? "number" : "text"; step = f.otherUnits().isEmpty() ? "any" : null; }
                case INTEGER -> { kind = "number"; step = "1"; }
                case EDSS -> { kind = "number"; step = "0.5"; }
                case DATE -> kind = "date";
                case CHOICE -> kind = "select";
                case BOOLEAN -> { kind = "select"; yesNo = true; }
                default -> kind = v.multiline() ? "textarea" : "text";
            }
            BigDecimal min = f.min() != null ? f.min() : v.min() != null ? v.min() : v.type().name().equals("EDSS") ? BigDecimal.ZERO : null;
            BigDecimal max = f.max() != null ? f.max() : v.max() != null ? v.max() : v.type().name().equals("EDSS") ? BigDecimal.TEN : null;
            List<String> fieldWarnings = warnings.stream().filter(w -> w.field().equals(f.name())).map(FieldIssue::message).toList();
            inputs.add(new Input(f.name(), v.label(), v.unit(), kind, yesNo, v.choices(), f.required(),
                    min == null ? null : min.toPlainString(), max == null ? null : max.toPlainString(), step, v.maxLength(),
                    values.getOrDefault(f.name(), ""), byField.getOrDefault(f.name(), List.of()), fieldWarnings,
                    v.unit() == null ? null : String.join(", ", f.units()), shown(f, values.getOrDefault(f.name(), ""))));
        }
        return new FormView(inputs, other);
    }

    /** A saved value with its unit, and in the field's other units when it has some. */
    private static String shown(FormField f, String value) {
        if (value.isEmpty() || f.variable().unit() == null) {
            return value;
        }
        try {
            return f.otherUnits().isEmpty() ? value + " " + f.variable().unit() : f.inAllUnits(new BigDecimal(value));
        } catch (NumberFormatException e) {
            return value + " " + f.variable().unit();
        }
    }

    /** The error messages of a field outside the form's values ({@code reason}, {@code version}). */
    public List<String> errorsOf(String field) {
        return otherErrors.stream().filter(e -> field.equals(e.field())).map(FieldError::message).toList();
    }

    /** Errors that belong to no input on the page. */
    public List<FieldError> generalErrors() {
        return otherErrors.stream().filter(e -> !"reason".equals(e.field())).toList();
    }

    /** The warnings the record was saved with, for the summary above the form. */
    public List<String> allWarnings() {
        return inputs.stream().flatMap(i -> i.warnings().stream()).toList();
    }

    public boolean hasErrors() {
        return !otherErrors.isEmpty() || inputs.stream().anyMatch(i -> !i.errors().isEmpty());
    }
}
