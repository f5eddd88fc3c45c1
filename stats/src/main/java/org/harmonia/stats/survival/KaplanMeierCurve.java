package org.harmonia.stats.survival;

import java.util.List;

/**
 * The Kaplan–Meier estimate for one group. {@code median} follows {@code print.survfit}; {@code quantiles} (25, 50
 * and 75 %) follow {@code quantile.survfit}. The two differ only when the curve ends on a flat segment at exactly the
 * probability: print takes the first time it is reached, quantile the midpoint to the last follow-up time.
 */
public record KaplanMeierCurve(String group, int n, int events, List<KaplanMeierStep> steps, SurvivalQuantile median,
        List<SurvivalQuantile> quantiles) {

    public KaplanMeierCurve {
        steps = List.copyOf(steps);
        quantiles = List.copyOf(quantiles);
        if (n < 1 || events < 0 || events > n) {
            throw new IllegalArgumentException("inconsistent counts for group " + group);
        }
    }
}
