package org.harmonia.stats.meta;

import java.util.Locale;
import org.harmonia.stats.InvalidDataException;

/** How coefficients are tested, named as metafor's {@code test} argument. */
public enum MetaTest {
    /** Wald z tests and normal confidence intervals. */
    Z,
    /** Hartung–Knapp(–Sidik–Jonkman): rescaled variances and t (or F) distributions with k − p degrees of freedom. */
    KNHA;

    /** Parses {@code z} or {@code knha} (case-insensitive). */
    public static MetaTest parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        try {
            return valueOf(t);
        } catch (IllegalArgumentException e) {
            throw new InvalidDataException("test \"" + text + "\" is not supported; use z or knha");
        }
    }
}
