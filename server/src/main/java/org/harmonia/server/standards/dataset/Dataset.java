package org.harmonia.server.standards.dataset;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shape of one dataset: its name (at most 8 characters, as XPT v5 and the submission rules require), label
 * (at most 40), variables in order, and the key variables that identify a row (for Define-XML and Dataset-JSON).
 */
public record Dataset(String name, String label, List<Variable> variables, List<String> keys) {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9]{0,7}");

    public Dataset {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("dataset name \"" + name + "\": 1 to 8 upper-case letters or digits");
        }
        if (label == null || label.length() > 40 || !label.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("label of dataset " + name + ": at most 40 printable ASCII characters");
        }
        variables = List.copyOf(variables);
        keys = List.copyOf(keys);
        if (variables.isEmpty()) {
            throw new IllegalArgumentException("dataset " + name + " has no variables");
        }
        if (variables.size() > 9999) {
            throw new IllegalArgumentException("dataset " + name + " has more than 9999 variables");
        }
        Set<String> names = new HashSet<>();
        for (Variable v : variables) {
            if (!names.add(v.name())) {
                throw new IllegalArgumentException("dataset " + name + " has the variable " + v.name() + " twice");
            }
        }
        for (String k : keys) {
            if (!names.contains(k)) {
                throw new IllegalArgumentException("key " + k + " of dataset " + name + " is not one of its variables");
            }
        }
    }

    /** The position of a variable, or -1. */
    public int indexOf(String variable) {
        for (int i = 0; i < variables.size(); i++) {
            if (variables.get(i).name().equals(variable)) {
                return i;
            }
        }
        return -1;
    }
}
