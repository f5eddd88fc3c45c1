package org.harmonia.stats.meta;

import java.util.Locale;
import org.harmonia.stats.InvalidDataException;

/** How studies are pooled, named as metafor's {@code method} argument ({@code MH} stands for {@code rma.mh}). */
public enum MetaMethod {
    /** Common (fixed) effect, inverse-variance weights; metafor's {@code "FE"} or {@code "EE"}. */
    FE,
    /** Random effects with the DerSimonian–Laird estimate of tau². */
    DL,
    /** Random effects with the restricted maximum likelihood estimate of tau² (Fisher scoring). */
    REML,
    /** Common effect by Mantel–Haenszel, from the 2×2 tables. */
    MH;

    /** True when tau² is estimated, so a prediction interval and the Hartung–Knapp adjustment apply. */
    public boolean randomEffects() {
        return this == DL || this == REML;
    }

    /** Parses a method name; {@code EE} and {@code CE} are accepted as the synonyms metafor uses for FE. */
    public static MetaMethod parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (t.equals("EE") || t.equals("CE")) {
            return FE;
        }
        try {
            return valueOf(t);
        } catch (IllegalArgumentException e) {
            throw new InvalidDataException("method \"" + text + "\" is not supported; use FE, DL, REML or MH");
        }
    }
}
