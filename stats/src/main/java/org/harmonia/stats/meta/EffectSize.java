package org.harmonia.stats.meta;

import org.harmonia.stats.InvalidDataException;

/** One study's observed outcome {@code yi} and its sampling variance {@code vi}. */
public record EffectSize(double yi, double vi) {

    public EffectSize {
        if (!Double.isFinite(yi)) {
            throw new InvalidDataException("yi must be finite, got " + yi);
        }
        if (!(vi > 0) || !Double.isFinite(vi)) {
            throw new InvalidDataException("vi must be a positive finite variance, got " + vi);
        }
    }

    /** Standard error, {@code sqrt(vi)}. */
    public double sei() {
        return Math.sqrt(vi);
    }
}
