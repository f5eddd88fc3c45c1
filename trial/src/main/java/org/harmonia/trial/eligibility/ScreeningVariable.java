package org.harmonia.trial.eligibility;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.harmonia.stats.InvalidDataException;

/**
 * A piece of screening data a protocol asks sites for, such as {@code edss} or {@code last_relapse}, and
 * what a value of it may be.
 *
 * <p>The label and unit are what a person reads in forms and in eligibility reasons ("EDSS 7.0 is above
 * the maximum 6.5"). A missing label defaults to the name with spaces; a blank unit means none.
 *
 * <p>Hard limits: {@code min}/{@code max} for numbers (a relapse count is never negative); a date is not in
 * the future unless {@code allowFuture} says it is a plan; a text is one line of at most 500 characters
 * unless it is {@code multiline} (then 4000), or {@code maxLength} says otherwise.
 */
public record ScreeningVariable(String name, VariableType type, String label, String unit, List<String> choices,
                                BigDecimal min, BigDecimal max, boolean allowFuture, Integer maxLength, boolean multiline) {
    /** The longest one-line text, unless the protocol states its own maximum. */
    public static final int SINGLE_LINE_MAX = 500;
    /** The longest text that may span lines, unless the protocol states its own maximum. */
    public static final int MULTI_LINE_MAX = 4000;
    /** No text field may be longer, whatever a protocol states. */
    public static final int TEXT_MAX = 20_000;
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    public ScreeningVariable {
        if (name == null || !SNAKE_CASE.matcher(name).matches()) {
            throw new InvalidDataException("variable name \"" + name + "\" is not a snake_case name"
                    + " (lower-case letters and digits joined by _, starting with a letter)");
        }
        if (Names.KEYWORDS.contains(name)) {
            throw new InvalidDataException("variable name \"" + name + "\" is a reserved word of the rule language");
        }
        if (type == null) {
            throw new InvalidDataException("variable " + name + " has no type");
        }
        label = label == null || label.isBlank() ? name.replace('_', ' ') : label.strip();
        unit = unit == null || unit.isBlank() ? null : unit.strip();
        if (type == VariableType.CHOICE) {
            if (choices == null || choices.isEmpty()) {
                throw new InvalidDataException("variable " + name + " is a choice but lists no choices");
            }
            var seen = new HashSet<String>();
            for (String choice : choices) {
                if (choice == null || choice.isBlank()) {
                    throw new InvalidDataException("variable " + name + " has a blank choice");
                }
                if (!seen.add(choice)) {
                    throw new InvalidDataException("variable " + name + " lists the choice \"" + choice + "\" twice");
                }
            }
            choices = List.copyOf(choices);
        } else {
            if (choices != null && !choices.isEmpty()) {
                throw new InvalidDataException("variable " + name + " is " + type.description()
                        + ", so it cannot list choices; only CHOICE variables have choices");
            }
            choices = List.of();
        }
        boolean numeric = type == VariableType.NUMBER || type == VariableType.INTEGER || type == VariableType.EDSS;
        if (!numeric && (min != null || max != null)) {
            throw new InvalidDataException("variable " + name + " is " + type.description() + "; only numbers have min and max");
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new InvalidDataException("variable " + name + ": min " + min.toPlainString() + " is above max " + max.toPlainString());
        }
        if (allowFuture && type != VariableType.DATE) {
            throw new InvalidDataException("variable " + name + " is " + type.description() + "; only dates have allowFuture");
        }
        if (type != VariableType.TEXT && (maxLength != null || multiline)) {
            throw new InvalidDataException("variable " + name + " is " + type.description()
                    + "; only text has maxLength or multiline");
        }
        if (maxLength != null && (maxLength < 1 || maxLength > TEXT_MAX)) {
            throw new InvalidDataException("variable " + name + ": maxLength must be 1 to " + TEXT_MAX + ", not " + maxLength);
        }
        if (type == VariableType.TEXT && maxLength == null) {
            maxLength = multiline ? MULTI_LINE_MAX : SINGLE_LINE_MAX;
        }
    }

    /** A variable with its label, unit and choices and no limits beyond the defaults. */
    public ScreeningVariable(String name, VariableType type, String label, String unit, List<String> choices) {
        this(name, type, label, unit, choices, null, null, false, null, false);
    }

    /** A variable without unit or choices. */
    public static ScreeningVariable of(String name, VariableType type, String label) {
        return new ScreeningVariable(name, type, label, null, List.of());
    }
}
