package org.harmonia.trial.eligibility;

/**
 * What a free text entered for a TEXT variable may hold: at most its maximum length, and no control
 * character (tab and line breaks only where the variable spans lines). A text that breaks them is refused,
 * never cut short or cleaned.
 */
final class TextRules {
    private TextRules() {
    }

    /** Why the text is refused, or null if it passes. */
    static String problem(String value, ScreeningVariable variable) {
        if (value == null) {
            return null;
        }
        int length = value.codePointCount(0, value.length());
        if (length > variable.maxLength()) {
            return "is too long: " + length + " characters, at most " + variable.maxLength();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean lineBreak = c == '\t' || c == '\n' || c == '\r';
            if (isControl(c) && !(variable.multiline() && lineBreak)) {
                return "contains the control character " + describe(c) + " at position " + (i + 1)
                        + (lineBreak ? "; this field is a single line" : "");
            }
        }
        return null;
    }

    /** C0 controls, DEL and the C1 controls. */
    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    private static String describe(char c) {
        return switch (c) {
            case '\t' -> "tab (U+0009)";
            case '\n' -> "line feed (U+000A)";
            case '\r' -> "carriage return (U+000D)";
            default -> String.format("U+%04X", (int) c);
        };
    }
}
