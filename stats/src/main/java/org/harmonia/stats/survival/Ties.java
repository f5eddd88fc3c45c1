package org.harmonia.stats.survival;

import org.harmonia.stats.InvalidDataException;

/** How a Cox model treats events at the same time, named as coxph's {@code ties}. */
public enum Ties {
    /** Efron's approximation, coxph's default. */
    EFRON,
    /** Breslow's approximation. */
    BRESLOW;

    public String rName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Ties parse(String name) {
        for (Ties t : values()) {
            if (t.rName().equals(name)) {
                return t;
            }
        }
        throw new InvalidDataException("unknown ties method \"" + name + "\"; use efron or breslow");
    }
}
