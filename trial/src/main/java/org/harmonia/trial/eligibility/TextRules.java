package org.harmonia.trial.eligibility;

/**
 * What a free text may hold, wherever it is entered (a TEXT variable of a form or screening, a reason, a name): at
 * most its maximum length in characters, no unpaired surrogate, and no control character (tab and line breaks only
 * where the text spans lines). A text that breaks them is refused, never cut short or cleaned.
 */
public final class TextRules {
    private TextRules() {
    }

    /** Why the text entered for a TEXT variable is refused, or null if it passes. */
    static String problem(String value, ScreeningVariable variable) {
        return problem(value, variable.maxLength(), variable.multiline());
    }

    /** Why the text is refused, or null if it passes (absence passes: it is checked elsewhere). */
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
            boolean lineBreak = c == '\t' || c == '\n' || c == '\r';
            if (isControl(c) && !(multiLine && lineBreak)) {
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

    /** C0 controls, DEL and the C1 controls; none of them belongs in trial data. */
    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    private static String describe(char c) {
        return switch (c) {
            case 0 -> "NUL (U+0000)";
            case 0x07 -> "BEL (U+0007)";
            case 0x08 -> "backspace (U+0008)";
            case '\t' -> "tab (U+0009)";
            case '\n' -> "line feed (U+000A)";
            case '\r' -> "carriage return (U+000D)";
            default -> String.format("U+%04X", (int) c);
        };
    }
}
