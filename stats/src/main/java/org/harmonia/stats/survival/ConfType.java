package org.harmonia.stats.survival;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.harmonia.stats.InvalidDataException;

/** How pointwise confidence limits of a survival curve are formed, named as survfit's {@code conf.type}. */
public enum ConfType {
    /** exp(log S ± z·se(log S)), the survfit default. */
    LOG("log"),
    /** exp(−exp(log(−log S) ± z·se(log S)/log S)). */
    LOG_LOG("log-log"),
    /** S ± z·se(S), clipped to [0, 1]. */
    PLAIN("plain");

    private final String rName;

    ConfType(String rName) {
        this.rName = rName;
    }

    /** The name R uses ({@code "log-log"}). */
    public String rName() {
        return rName;
    }

    public static ConfType parse(String name) {
        for (ConfType t : values()) {
            if (t.rName.equals(name)) {
                return t;
            }
        }
        throw new InvalidDataException("unknown confidence interval type \"" + name + "\"; use one of "
                + Arrays.stream(values()).map(ConfType::rName).collect(Collectors.joining(", ")));
    }
}
