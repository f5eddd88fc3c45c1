package org.harmonia.stats.tests;

import java.util.Objects;
import org.harmonia.stats.InvalidDataException;

/**
 * How a Wilcoxon test is run, with R's defaults: the alternative, the location shift {@code mu} under the null
 * and whether the normal approximation gets the continuity correction ({@code correct}).
 */
public record WilcoxonOptions(Alternative alternative, double mu, boolean correct) {
    /** R's defaults: two-sided, mu = 0, continuity correction on. */
    public static final WilcoxonOptions DEFAULT = new WilcoxonOptions(Alternative.TWO_SIDED, 0, true);

    public WilcoxonOptions {
        Objects.requireNonNull(alternative, "alternative");
        if (!Double.isFinite(mu)) {
            throw new InvalidDataException("mu must be a finite number, not " + mu);
        }
    }

    public WilcoxonOptions withAlternative(Alternative a) {
        return new WilcoxonOptions(a, mu, correct);
    }

    public WilcoxonOptions withMu(double m) {
        return new WilcoxonOptions(alternative, m, correct);
    }

    public WilcoxonOptions withCorrect(boolean c) {
        return new WilcoxonOptions(alternative, mu, c);
    }
}
