package org.harmonia.trial.forms;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.harmonia.trial.eligibility.Criterion;
import org.harmonia.trial.eligibility.CriterionKind;
import org.harmonia.trial.eligibility.CriterionOutcome;
import org.harmonia.trial.eligibility.CriterionVerdict;
import org.harmonia.trial.eligibility.EligibilityEngine;
import org.harmonia.trial.eligibility.ScreeningData;
import org.harmonia.trial.eligibility.ScreeningDataException;
import org.harmonia.trial.eligibility.ScreeningValue;
import org.harmonia.trial.eligibility.ScreeningVariable;
import org.harmonia.trial.eligibility.VariableType;

/**
 * An eCRF defined in the protocol: its fields and cross-field checks. A repeating form (adverse events,
 * concomitant medication) may be recorded several times per subject.
 */
public record FormDefinition(String id, String label, boolean repeating, List<FormField> fields, List<FormCheck> checks) {
    public FormDefinition {
        fields = List.copyOf(fields);
        checks = List.copyOf(checks);
    }

    /** The fields as rule variables, keyed by name, in form order. */
    public Map<String, ScreeningVariable> variables() {
        Map<String, ScreeningVariable> out = new LinkedHashMap<>();
        fields.forEach(f -> out.put(f.name(), f.variable()));
        return out;
    }

    public Optional<FormField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** As {@link #validate(Map, LocalDate)} without a today to hold dates against. */
    public FormValidation validate(Map<String, String> raw) {
        return validate(raw, null);
    }

    /**
     * Validates values entered as text: types, required fields, hard limits (numbers, text length and line breaks,
     * no date after {@code today} unless the field allows a future date) and checks give errors, values outside
     * the normal range give warnings. Every problem is reported at once.
     */
    public FormValidation validate(Map<String, String> raw, LocalDate today) {
        List<FieldIssue> errors = new ArrayList<>();
        List<FieldIssue> warnings = new ArrayList<>();
        raw = inFieldUnits(raw, errors);
        ScreeningData data;
        try {
            data = ScreeningData.parse(raw, variables(), today);
        } catch (ScreeningDataException e) {
            e.errors().forEach(fe -> errors.add(new FieldIssue(fe.field(), fe.message().replace("screening variable", "field"))));
            Map<String, String> readable = new LinkedHashMap<>(raw);
            e.errors().forEach(fe -> readable.remove(fe.field()));
            data = ScreeningData.parse(readable, variables(), today);
        }
        for (FormField f : fields) {
            Optional<ScreeningValue> value = data.get(f.name());
            if (value.isEmpty()) {
                if (f.required() && errors.stream().noneMatch(x -> x.field().equals(f.name()))) {
                    errors.add(new FieldIssue(f.name(), f.variable().label() + " is required"));
                }
                continue;
            }
            if (value.get() instanceof ScreeningValue.DateValue d && d.isNever()) {
                errors.add(new FieldIssue(f.name(), "\"never\" is not a date"));
                continue;
            }
            if (value.get() instanceof ScreeningValue.NumberValue n) {
                limits(f, n.value(), errors, warnings);
            }
        }
        if (errors.isEmpty()) {
            ScreeningData checked = withUntickedBoxes(data);
            for (FormCheck check : checks) {
                CriterionVerdict v = EligibilityEngine.evaluate(List.of(new Criterion("check", CriterionKind.INCLUSION,
                        check.message(), check.rule())), checked, null, variables()).criteria().get(0);
                // only a definite failure refuses the form: a check on a field left empty does not apply
                if (v.outcome() == CriterionOutcome.NOT_MET) {
                    errors.add(new FieldIssue(check.field(), check.message()));
                }
            }
        }
        return new FormValidation(errors, warnings, data);
    }

    /** The values typed with another unit of their field converted to the field's unit; an unknown unit is an error. */
    private Map<String, String> inFieldUnits(Map<String, String> raw, List<FieldIssue> errors) {
        if (raw == null || fields.stream().allMatch(f -> f.otherUnits().isEmpty())) {
            return raw;
        }
        Map<String, String> out = new LinkedHashMap<>(raw);
        for (FormField f : fields) {
            if (!f.otherUnits().isEmpty() && out.get(f.name()) != null) {
                try {
                    out.put(f.name(), f.inFieldUnit(out.get(f.name())));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldIssue(f.name(), e.getMessage()));
                    out.remove(f.name());
                }
            }
        }
        return out;
    }

    /** An optional yes/no field left empty is an unticked box: the checks read it as no. */
    private ScreeningData withUntickedBoxes(ScreeningData data) {
        Map<String, ScreeningValue> values = new LinkedHashMap<>(data.values());
        for (FormField f : fields) {
            if (f.variable().type() == VariableType.BOOLEAN && !f.required() && !values.containsKey(f.name())) {
                values.put(f.name(), new ScreeningValue.BooleanValue(false));
            }
        }
        return new ScreeningData(values);
    }

    private static void limits(FormField f, BigDecimal v, List<FieldIssue> errors, List<FieldIssue> warnings) {
        String unit = f.variable().unit() == null ? "" : " " + f.variable().unit();
        String label = f.variable().label();
        if (f.min() != null && v.compareTo(f.min()) < 0) {
            errors.add(new FieldIssue(f.name(), label + " " + v.toPlainString() + unit + " is below the lowest possible value "
                    + f.min().toPlainString() + unit));
        } else if (f.max() != null && v.compareTo(f.max()) > 0) {
            errors.add(new FieldIssue(f.name(), label + " " + v.toPlainString() + unit + " is above the highest possible value "
                    + f.max().toPlainString() + unit));
        } else if (f.normalLow() != null && v.compareTo(f.normalLow()) < 0) {
            warnings.add(new FieldIssue(f.name(), label + " " + v.toPlainString() + unit + " is below the normal range "
                    + f.normalLow().toPlainString() + "-" + f.normalHigh().toPlainString() + unit));
        } else if (f.normalHigh() != null && v.compareTo(f.normalHigh()) > 0) {
            warnings.add(new FieldIssue(f.name(), label + " " + v.toPlainString() + unit + " is above the normal range "
                    + f.normalLow().toPlainString() + "-" + f.normalHigh().toPlainString() + unit));
        }
        if (f.variable().type() == VariableType.INTEGER && v.stripTrailingZeros().scale() > 0) {
            errors.add(new FieldIssue(f.name(), label + " must be a whole number"));
        }
    }
}
