package org.harmonia.trial.randomisation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A randomisation stratum: the patient's value of each stratification factor the protocol names (e.g.
 * {@code subTrial=stockholm}, or {@code sex=female|site=07}). Its {@link #key()} is the canonical text form,
 * factors in alphabetical order, so the same stratum always has the same key and the same allocation list.
 */
public record Stratum(SortedMap<String, String> values) {
    /** The key of the single stratum of an unstratified trial. */
    public static final String UNSTRATIFIED_KEY = "all";

    public Stratum {
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            copy.put(checkPart("stratification factor", e.getKey(), e.getKey()), checkPart("value", e.getKey(), e.getValue()));
        }
        values = Collections.unmodifiableSortedMap(copy);
    }

    /** The stratum of an unstratified trial. */
    public static Stratum unstratified() {
        return new Stratum(new TreeMap<>());
    }

    /**
     * The stratum of a patient: for each factor the protocol stratifies by, the patient's value; other
     * values the patient has are ignored.
     */
    public static Stratum of(List<String> strata, Map<String, String> patientValues) {
        TreeMap<String, String> v = new TreeMap<>();
        for (String factor : strata) {
            String value = patientValues.get(factor);
            if (value == null || value.isBlank()) {
                throw new RandomisationException("the patient has no value for the stratification factor " + factor);
            }
            if (v.put(factor, value) != null) {
                throw new RandomisationException("the stratification factor " + factor + " is listed twice");
            }
        }
        return new Stratum(v);
    }

    /** Reads a key written by {@link #key()}. */
    public static Stratum parse(String key) {
        if (key == null || key.isBlank()) {
            throw new RandomisationException("a stratum key cannot be empty; an unstratified trial uses \"" + UNSTRATIFIED_KEY + "\"");
        }
        if (key.equals(UNSTRATIFIED_KEY)) {
            return unstratified();
        }
        TreeMap<String, String> v = new TreeMap<>();
        for (String part : key.split("\\|", -1)) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new RandomisationException("stratum key \"" + key + "\": \"" + part + "\" is not of the form factor=value");
            }
            if (v.put(part.substring(0, eq), part.substring(eq + 1)) != null) {
                throw new RandomisationException("stratum key \"" + key + "\" names the factor " + part.substring(0, eq) + " twice");
            }
        }
        return new Stratum(v);
    }

    /** The canonical text form: {@code factor=value} pairs in factor order joined by {@code |}, or {@code all}. */
    public String key() {
        if (values.isEmpty()) {
            return UNSTRATIFIED_KEY;
        }
        List<String> parts = new ArrayList<>(values.size());
        values.forEach((f, v) -> parts.add(f + "=" + v));
        return String.join("|", parts);
    }

    @Override
    public String toString() {
        return key();
    }

    private static String checkPart(String what, String factor, String text) {
        if (text == null || text.isBlank()) {
            throw new RandomisationException("stratum: the " + what + (what.equals("value") ? " of " + factor : "") + " cannot be empty");
        }
        if (!text.equals(text.strip())) {
            throw new RandomisationException("stratum: the " + what + " \"" + text + "\" has spaces at its ends");
        }
        if (text.indexOf('|') >= 0 || text.indexOf('=') >= 0) {
            throw new RandomisationException("stratum: the " + what + " \"" + text + "\" cannot contain '|' or '=', which separate the parts of a stratum key");
        }
        return text;
    }
}
