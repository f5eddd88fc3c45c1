package org.harmonia.server.standards;

import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/** The texts of a protocol file drafted from another standard (ODM, USDM): quoted values, one-line texts, the study id, rule-safe names. */
public final class DraftYaml {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Words of the rule language that a field may not be named (the protocol loader refuses them). */
    private static final Set<String> RESERVED = Set.of("and", "or", "not", "between", "in", "if", "true", "false", "yes", "no",
            "never", "present", "happened", "within", "years_since", "screening_date", "randomisation_date", "today");

    private DraftYaml() {
    }

    /** A YAML double-quoted text (JSON escapes are valid YAML). */
    public static String q(String s) {
        return JSON.writeValueAsString(s);
    }

    /** The text on one line, white space and control characters as single blanks, cut at {@code max} characters with "…". */
    public static String oneLine(String s, int max) {
        String t = s == null ? "" : s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return t.length() > max ? t.substring(0, max - 1).strip() + "…" : t;
    }

    public static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "";
    }

    /** A study id from a name: lower-case letters, digits and hyphens, starting with a letter, at most 40 characters. */
    public static String studyId(String name) {
        String t = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (t.isEmpty() || !Character.isLetter(t.charAt(0))) {
            t = "study-" + t;
        }
        return t.length() > 40 ? t.substring(0, 40).replaceAll("-+$", "") : t;
    }

    /** A snake_case name that is a word of the rule language gets {@code _value} after it. */
    public static String unreserved(String name) {
        return RESERVED.contains(name) ? name + "_value" : name;
    }
}
