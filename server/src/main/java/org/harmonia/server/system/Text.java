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

    /** Why the text is refused, or null if it passes: the same rule as for text entered on forms. */
    public static String problem(String value, int max, boolean multiLine) {
        return org.harmonia.trial.eligibility.TextRules.problem(value, max, multiLine);
    }

    private static String check(String field, String value, int max, boolean multiLine) {
        String problem = problem(value, max, multiLine);
        if (problem != null) {
            throw new InvalidInputException(field, problem);
        }
        return value;
    }
}
