package org.harmonia.stats.glm;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.harmonia.stats.InvalidDataException;

/** The flavour of sandwich covariance, named as {@code sandwich::vcovHC}'s {@code type}. */
public enum RobustType {
    /** White's estimator: squared working scores, no small-sample correction. */
    HC0("hc0"),
    /** Each score divided by (1 - leverage), the jackknife-like correction sandwich uses by default. */
    HC3("hc3");

    private final String label;

    RobustType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static RobustType parse(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (RobustType t : values()) {
            if (t.label.equals(n)) {
                return t;
            }
        }
        throw new InvalidDataException("unknown robust type \"" + name + "\"; expected one of: "
                + Arrays.stream(values()).map(RobustType::label).collect(Collectors.joining(", ")));
    }
}
