package org.harmonia.trial.simulation;

import java.util.List;

/**
 * The analyses of one simulated trial; the primary one's figures are at hand as {@link #outcome()}, {@link #p()} and
 * the like.
 *
 * @param trialIndex       which trial of the simulation (its random numbers depend only on the seed and this index)
 * @param fullAnalysisSet  patients with at least one post-baseline scan, the ones analysed
 * @param analyses         every analysis run on the trial, the primary first
 */
public record TrialResult(long trialIndex, int fullAnalysisSet, List<AnalysisOutcome> analyses) {
    public TrialResult {
        analyses = List.copyOf(analyses);
        if (analyses.isEmpty()) {
            throw new IllegalArgumentException("a trial result needs at least its primary analysis");
        }
    }

    /** The primary analysis. */
    public AnalysisOutcome primary() {
        return analyses.get(0);
    }

    /** Whether the primary model could be fitted. */
    public TrialOutcome outcome() {
        return primary().outcome();
    }

    /** Estimated log rate ratio, experimental-first over placebo-first (NaN unless analysed). */
    public double logRateRatio() {
        return primary().logRateRatio();
    }

    /** The standard error the primary test uses: model-based, or sandwich for the robust test (NaN unless analysed). */
    public double standardError() {
        return primary().standardError();
    }

    /** Two-sided p-value of the primary test (NaN unless analysed). */
    public double p() {
        return primary().p();
    }

    /** p below alpha (and, when the scenario requires benefit, rate ratio below 1); false unless analysed. */
    public boolean success() {
        return primary().success();
    }

    public double rateRatio() {
        return Math.exp(logRateRatio());
    }
}
