package org.harmonia.server.standards.dataset;

import java.util.regex.Pattern;

/**
 * One variable (column) of a tabulation or analysis dataset, within the limits SAS transport version 5 sets for
 * every format: a name of at most 8 characters (letters, digits, underscore; not starting with a digit), a label of
 * at most 40 printable ASCII characters, a character length of 1 to 200 bytes, numbers as 8-byte floats.
 *
 * @param type how the value is written in Dataset-JSON (and whether it is character or numeric in XPT)
 */
public record Variable(String name, String label, DataType type, int length) {
    private static final Pattern NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,7}");
    private static final Pattern LABEL = Pattern.compile("[\\x20-\\x7E]{0,40}");
    public static final int MAX_CHARACTER_LENGTH = 200;

    public Variable {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("variable name \"" + name + "\": 1 to 8 upper-case letters, digits or _, not starting with a digit");
        }
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("label of " + name + ": at most 40 printable ASCII characters, not \"" + label + "\"");
        }
        if (type == null) {
            throw new IllegalArgumentException("variable " + name + " needs a type");
        }
        if (type.numeric() && length != 8) {
            throw new IllegalArgumentException("numeric variable " + name + " has length 8, not " + length);
        }
        if (!type.numeric() && (length < 1 || length > MAX_CHARACTER_LENGTH)) {
            throw new IllegalArgumentException("character variable " + name + ": length 1 to 200, not " + length);
        }
    }

    /** A character variable of the given length. */
    public static Variable text(String name, String label, int length) {
        return new Variable(name, label, DataType.STRING, length);
    }

    /** A character variable holding an ISO 8601 date (yyyy-mm-dd). */
    public static Variable date(String name, String label) {
        return new Variable(name, label, DataType.DATE, 10);
    }

    /** A numeric variable holding whole numbers. */
    public static Variable integer(String name, String label) {
        return new Variable(name, label, DataType.INTEGER, 8);
    }

    /** A numeric variable holding any number. */
    public static Variable number(String name, String label) {
        return new Variable(name, label, DataType.DOUBLE, 8);
    }

    public boolean numeric() {
        return type.numeric();
    }
}
