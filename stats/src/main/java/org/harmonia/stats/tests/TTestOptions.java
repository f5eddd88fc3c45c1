package org.harmonia.stats.tests;

import java.util.Objects;
import org.harmonia.stats.InvalidDataException;

/**
 * How a t test is run, with R's defaults: the alternative, the null value {@code mu} of the mean (difference)
 * and the confidence level of the interval.
 */
public record TTestOptions(Alternative alternative, double mu, double confLevel) {
    /** R's defaults: two-sided, mu = 0, 95% interval. */
    public static final TTestOptions DEFAULT = new TTestOptions(Alternative.TWO_SIDED, 0, 0.95);

    public TTestOptions {
        Objects.requireNonNull(alternative, "alternative");
        if (!Double.isFinite(mu)) {
            throw new InvalidDataException("mu must be a finite number, not " + mu);
        }
        ConfidenceInterval.checkLevel(confLevel);
    }

    public TTestOptions withAlternative(Alternative a) {
        return new TTestOptions(a, mu, confLevel);
    }

    public TTestOptions withMu(double m) {
        return new TTestOptions(alternative, m, confLevel);
    }

    public TTestOptions withConfLevel(double level) {
        return new TTestOptions(alternative, mu, level);
    }
}
