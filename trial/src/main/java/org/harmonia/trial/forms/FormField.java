package org.harmonia.trial.forms;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.harmonia.trial.eligibility.ScreeningVariable;

/**
 * One field of an eCRF: its name, type, label and unit (as a rule variable), whether it is required,
 * hard limits a value must respect ({@code min}/{@code max}) and a normal range that only flags a value. A
 * numeric field with {@code otherUnits} also accepts a value typed with one of them ("2.1 mg/dL"), converted to the
 * field's unit before anything else reads it; limits and normal range are always in the field's unit.
 */
public record FormField(ScreeningVariable variable, boolean required, BigDecimal min, BigDecimal max,
                        BigDecimal normalLow, BigDecimal normalHigh, List<OtherUnit> otherUnits) {
    /** A number, then optionally a unit after it. */
    private static final Pattern VALUE_WITH_UNIT = Pattern.compile("([-+]?(?:\\d+\\.?\\d*|\\.\\d+))\\s*(\\S.*)?");
    /** Significant digits of a value shown converted back to another unit. */
    private static final MathContext SHOWN = new MathContext(4);

    public FormField(ScreeningVariable variable, boolean required, BigDecimal min, BigDecimal max, BigDecimal normalLow,
                     BigDecimal normalHigh) {
        this(variable, required, min, max, normalLow, normalHigh, List.of());
    }

    public FormField {
        otherUnits = otherUnits == null ? List.of() : List.copyOf(otherUnits);
        if (!otherUnits.isEmpty() && (variable == null || variable.unit() == null)) {
            throw new IllegalArgumentException("field " + (variable == null ? "" : variable.name()) + ": other units need the field's own unit");
        }
        if (otherUnits.stream().map(OtherUnit::unit).distinct().count() != otherUnits.size()
                || otherUnits.stream().anyMatch(u -> u.unit().equals(variable.unit()))) {
            throw new IllegalArgumentException("field " + variable.name() + ": a unit is listed twice");
        }
        if (variable == null) {
            throw new IllegalArgumentException("a form field needs its variable");
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new IllegalArgumentException("field " + variable.name() + ": min " + min + " is above max " + max);
        }
        if (normalLow != null && normalHigh != null && normalLow.compareTo(normalHigh) > 0) {
            throw new IllegalArgumentException("field " + variable.name() + ": the normal range is reversed");
        }
    }

    public String name() {
        return variable.name();
    }

    /** Every unit the field accepts, its own first. */
    public List<String> units() {
        List<String> out = new java.util.ArrayList<>();
        if (variable.unit() != null) {
            out.add(variable.unit());
        }
        otherUnits.forEach(u -> out.add(u.unit()));
        return out;
    }

    /**
     * The entered text in the field's unit: a number typed with one of the other units is converted, one typed with the
     * field's own unit loses the unit, anything else is returned as typed (the type check then judges it). A field
     * without other units takes the text as it is.
     *
     * @throws IllegalArgumentException naming the accepted units when the text carries a unit the field does not know
     */
    public String inFieldUnit(String raw) {
        if (otherUnits.isEmpty() || raw == null) {
            return raw;
        }
        Matcher m = VALUE_WITH_UNIT.matcher(raw.strip());
        if (!m.matches() || m.group(2) == null || m.group(2).matches("[eE][-+]?\\d+")) {
            return raw;
        }
        String unit = m.group(2).strip();
        BigDecimal value = new BigDecimal(m.group(1));
        if (unit.equals(variable.unit())) {
            return value.toPlainString();
        }
        return otherUnits.stream().filter(u -> u.unit().equals(unit)).findFirst()
                .map(u -> plain(value.multiply(u.factor())))
                .orElseThrow(() -> new IllegalArgumentException(variable.label() + ": the unit \"" + unit + "\" is not one of: "
                        + String.join(", ", units())));
    }

    /** A stored value (in the field's unit) in every unit the field accepts: "35.91 umol/L (2.1 mg/dL)". */
    public String inAllUnits(BigDecimal stored) {
        StringBuilder out = new StringBuilder(stored.toPlainString());
        if (variable.unit() != null) {
            out.append(' ').append(variable.unit());
        }
        if (!otherUnits.isEmpty()) {
            out.append(" (").append(String.join(", ", otherUnits.stream()
                    .map(u -> plain(stored.divide(u.factor(), SHOWN)) + " " + u.unit()).toList())).append(')');
        }
        return out.toString();
    }

    private static String plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }
}
