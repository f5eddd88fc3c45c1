package org.harmonia.server.system;

/**
 * The rules every free text a client sends must pass before anything stores it: no NUL or other control
 * character (tab and line breaks only where the text may span lines), and a maximum length. A text that
 * breaks them is refused with the field's name, never cut short or cleaned silently.
 */
public final class Text {
    /** Names, terms, ids and other one-line texts, unless a form definition states its own maximum. */
    public static final int SINGLE_LINE_MAX = 500;
    /** Reasons, notes, descriptions and other texts that may span lines. */
    public static final int MULTI_LINE_MAX = 4000;
    /** Any string at all in a request body; no field of the API takes more. */
    public static final int ANY_STRING_MAX = 20_000;

    private Text() {
    }

    /** A one-line text: no control character at all, at most {@code max} characters. Null passes (absence is checked elsewhere). */
    public static String singleLine(String field, String value, int max) {
        return check(field, value, max, false);
    }

    public static String singleLine(String field, String value) {
        return singleLine(field, value, SINGLE_LINE_MAX);
    }

    /** A text that may span lines: tab, line feed and carriage return allowed, no other control character. */
    public static String multiLine(String field, String value, int max) {
        return check(field, value, max, true);
    }

    public static String multiLine(String field, String value) {
        return multiLine(field, value, MULTI_LINE_MAX);
    }

    /** Why the text is refused, or null if it passes. */
    public static String problem(String value, int max, boolean multiLine) {
        if (value == null) {
            return null;
        }
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            return "is too long: " + length + " characters, at most " + max;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isControl(c) && !(multiLine && (c == '\t' || c == '\n' || c == '\r'))) {
                boolean lineBreak = c == '\t' || c == '\n' || c == '\r';
                return "contains the control character " + describe(c) + " at position " + (i + 1)
                        + (lineBreak ? "; this field is a single line" : "");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired surrogate at position " + (i + 1);
            }
        }
        return null;
    }

    private static String check(String field, String value, int max, boolean multiLine) {
        String problem = problem(value, max, multiLine);
        if (problem != null) {
            throw new InvalidInputException(field, problem);
        }
        return value;
    }

    /** C0 controls, DEL and the C1 controls; none of them belongs in trial data. */
    static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    private static String describe(char c) {
        return switch (c) {
            case 0 -> "NUL (U+0000)";
            case '\t' -> "tab (U+0009)";
            case '\n' -> "line feed (U+000A)";
            case '\r' -> "carriage return (U+000D)";
            case 0x1b -> "ESC (U+001B)";
            case 0x07 -> "BEL (U+0007)";
            case 0x08 -> "backspace (U+0008)";
            default -> String.format("U+%04X", (int) c);
        };
    }
}
