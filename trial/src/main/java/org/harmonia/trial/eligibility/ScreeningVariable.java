package org.harmonia.trial.eligibility;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.harmonia.stats.InvalidDataException;

/**
 * A piece of screening data a protocol asks sites for, such as {@code edss} or {@code last_relapse}.
 *
 * <p>The label and unit are what a person reads in forms and in eligibility reasons ("EDSS 7.0 is above
 * the maximum 6.5"). A missing label defaults to the name with spaces; a blank unit means none.
 */
public record ScreeningVariable(String name, VariableType type, String label, String unit, List<String> choices) {
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
    }

    /** A variable without unit or choices. */
    public static ScreeningVariable of(String name, VariableType type, String label) {
        return new ScreeningVariable(name, type, label, null, List.of());
    }
}
