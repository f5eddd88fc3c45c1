package org.harmonia.stats.survival;

/** A quantile of survival time (the time by which a fraction {@code probability} has had the event) with its CI; null where R reports NA. */
public record SurvivalQuantile(double probability, Double time, Double ciLow, Double ciHigh) {

    public SurvivalQuantile {
        if (!(probability > 0 && probability < 1)) {
            throw new IllegalArgumentException("probability must lie in (0, 1): " + probability);
        }
    }
}
