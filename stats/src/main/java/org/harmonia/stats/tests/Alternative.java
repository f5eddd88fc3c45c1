package org.harmonia.stats.tests;

import java.util.Locale;
import org.harmonia.stats.InvalidDataException;

/** The alternative hypothesis of a test, named as R names it ({@code two.sided}, {@code less}, {@code greater}). */
public enum Alternative {
    TWO_SIDED("two.sided"),
    LESS("less"),
    GREATER("greater");

    private final String rName;

    Alternative(String rName) {
        this.rName = rName;
    }

    /** The name R uses for the argument {@code alternative}. */
    public String rName() {
        return rName;
    }

    /** Reads {@code two.sided}, {@code two-sided}, {@code less} or {@code greater} (any case). */
    public static Alternative parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT).replace('-', '.').replace('_', '.');
        for (Alternative a : values()) {
            if (a.rName.equals(t)) {
                return a;
            }
        }
        throw new InvalidDataException("alternative \"" + text + "\" is not one of two.sided, less, greater");
    }

    @Override
    public String toString() {
        return rName;
    }
}
