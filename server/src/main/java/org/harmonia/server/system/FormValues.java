package org.harmonia.server.system;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.trial.eligibility.ScreeningData;
import org.harmonia.trial.eligibility.ScreeningValue;

/** Conversions between the JSON values clients send, the text the rule engine reads, and what is stored. */
public final class FormValues {
    /** Beyond any measurement or count a trial records; refusing it keeps absurd magnitudes out of the rule engine and the database. */
    static final BigDecimal LARGEST = new BigDecimal("1e15");
    static final int MAX_DECIMALS = 15;

    private FormValues() {
    }

    /** JSON scalars as entered text: numbers in plain notation (1.5E6 becomes 1500000), booleans as yes/no; a
     * number beyond any trial value (1e309 included) is refused, not rounded to infinity. */
    public static Map<String, String> asText(Map<String, Object> json, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json == null) {
            return out;
        }
        List<FieldError> errors = new java.util.ArrayList<>();
        json.forEach((k, v) -> {
            if (v == null) {
                out.put(k, "");
            } else if (v instanceof Boolean b) {
                out.put(k, b ? "yes" : "no");
            } else if (v instanceof Number n) {
                BigDecimal d = new BigDecimal(n.toString()).stripTrailingZeros();
                if (d.abs().compareTo(LARGEST) >= 0) {
                    errors.add(new FieldError(prefix + k, "is out of range: no value in a trial is " + LARGEST.toPlainString()
                            + " or more"));
                } else if (d.scale() > MAX_DECIMALS) {
                    errors.add(new FieldError(prefix + k, "has more than " + MAX_DECIMALS + " decimals"));
                } else {
                    // a JSON 1.5e6 arrives as 1.5E+6: keep only the digits that carry information, in plain notation
                    out.put(k, (d.scale() < 0 ? d.setScale(0) : d).toPlainString());
                }
            } else if (v instanceof String s) {
                out.put(k, s);
            } else {
                errors.add(new FieldError(prefix + k, "expected a single value, not a list or an object"));
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return out;
    }

    /** The typed values as stored: one canonical text per field, in a stable order. */
    public static Map<String, String> stored(ScreeningData data) {
        Map<String, String> out = new LinkedHashMap<>();
        data.values().forEach((k, v) -> out.put(k, text(v)));
        return out;
    }

    public static String text(ScreeningValue v) {
        if (v instanceof ScreeningValue.NumberValue n) {
            return n.value().toPlainString();
        }
        if (v instanceof ScreeningValue.BooleanValue b) {
            return b.value() ? "yes" : "no";
        }
        if (v instanceof ScreeningValue.TextValue t) {
            return t.value();
        }
        return v.toString();
    }
}
