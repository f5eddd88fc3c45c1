package org.harmonia.trial.simulation;

import org.hipparchus.distribution.continuous.BetaDistribution;

/** A confidence interval for a binomial proportion such as a simulated power. */
public record ProportionInterval(double low, double high) {
    private static final double INVERSE_ACCURACY = 1e-14;

    public ProportionInterval {
        if (!(low >= 0 && low <= high && high <= 1)) {
            throw new IllegalArgumentException("a proportion interval needs 0 <= low <= high <= 1; got " + low + " to " + high);
        }
    }

    /**
     * The exact (Clopper-Pearson) interval for {@code successes} out of {@code trials}: the beta quantiles R's
     * {@code binom.test} reports, so the coverage is at least the confidence level for every true proportion.
     */
    public static ProportionInterval clopperPearson(long successes, long trials, double confidence) {
        if (trials < 1 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials and trials >= 1; got " + successes + " of " + trials);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("the confidence level must be between 0 and 1; got " + confidence);
        }
        double tail = (1 - confidence) / 2;
        double low = successes == 0 ? 0
                : new BetaDistribution(successes, trials - successes + 1, INVERSE_ACCURACY).inverseCumulativeProbability(tail);
        double high = successes == trials ? 1
                : new BetaDistribution(successes + 1, trials - successes, INVERSE_ACCURACY).inverseCumulativeProbability(1 - tail);
        return new ProportionInterval(low, high);
    }
}
