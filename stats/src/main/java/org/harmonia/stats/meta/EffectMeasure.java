package org.harmonia.stats.meta;

import java.util.Locale;
import org.harmonia.stats.InvalidDataException;

/** The outcome measure of each study, named as metafor's {@code measure} argument. */
public enum EffectMeasure {
    /** Log risk ratio from a 2×2 table. */
    RR(true, true),
    /** Log odds ratio from a 2×2 table. */
    OR(true, true),
    /** Risk difference from a 2×2 table. */
    RD(true, false),
    /** Generic effect sizes given directly as {@code yi} and {@code vi}. */
    GEN(false, false);

    private final boolean fromCounts;
    private final boolean logScale;

    EffectMeasure(boolean fromCounts, boolean logScale) {
        this.fromCounts = fromCounts;
        this.logScale = logScale;
    }

    /** True when the measure is computed from the counts of a 2×2 table. */
    public boolean fromCounts() {
        return fromCounts;
    }

    /** True when estimates are on the log scale and are reported back-transformed with {@code exp}. */
    public boolean logScale() {
        return logScale;
    }

    /** Parses a measure name as metafor spells it (case-insensitive). */
    public static EffectMeasure parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidDataException("measure \"" + text + "\" is not supported; use RR, OR, RD or GEN");
        }
    }
}
