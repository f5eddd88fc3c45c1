package org.harmonia.server.system;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A correction changes exactly the fields it names: a value given replaces the stored one, a field listed in
 * {@code clear} is emptied, every other field keeps its value. Emptying is never implied: a JSON null or an
 * empty text is refused with a pointer to {@code clear}, and a field both given and cleared is refused.
 */
public final class Corrections {
    private Corrections() {
    }

    /**
     * The entered values after the correction, as text to validate as a whole.
     *
     * @param stored the values as stored now
     * @param given  the values the request gives (field name to JSON value)
     * @param clear  the fields the request empties
     * @param prefix how the request names the given values in errors ({@code values.}, {@code data.})
     * @param fields the fields that exist, which alone can be cleared
     */
    public static Map<String, String> merge(Map<String, String> stored, Map<String, Object> given, List<String> clear,
                                            String prefix, Collection<String> fields) {
        Map<String, Object> values = given == null ? Map.of() : given;
        List<FieldError> errors = new ArrayList<>();
        values.forEach((name, value) -> {
            if (value == null || value instanceof String s && s.isBlank()) {
                errors.add(new FieldError(prefix + name, (value == null ? "null" : "an empty text")
                        + " is not a value; to empty the field, list it in clear"));
            }
        });
        Set<String> cleared = new LinkedHashSet<>();
        for (String name : clear == null ? List.<String>of() : clear) {
            if (name == null || !fields.contains(name)) {
                errors.add(new FieldError("clear", "\"" + name + "\" is not a field that can be cleared"));
            } else if (values.containsKey(name)) {
                errors.add(new FieldError("clear", name + " is both given a value and listed in clear; do one or the other"));
            } else {
                cleared.add(name);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Map<String, String> merged = new LinkedHashMap<>(stored);
        merged.putAll(FormValues.asText(values, prefix));
        cleared.forEach(merged::remove);
        return merged;
    }
}
