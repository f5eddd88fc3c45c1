package org.harmonia.trial.simulation;

import java.util.List;

/**
 * The primary analysis of one simulated trial.
 *
 * @param trialIndex       which trial of the simulation (its random numbers depend only on the seed and this index)
 * @param fullAnalysisSet  patients with at least one post-baseline scan, the ones analysed
 * @param outcome          whether the model could be fitted
 * @param logRateRatio     estimated log rate ratio, experimental-first over placebo-first (NaN unless analysed)
 * @param standardError    its model-based (Wald) standard error (NaN unless analysed)
 * @param p                two-sided p-value of the primary test (NaN unless analysed)
 * @param success          p below alpha (and, when the scenario requires benefit, rate ratio below 1); false unless analysed
 * @param analyses         every analysis run on the trial, the primary first (its values are the ones above)
 */
public record TrialResult(long trialIndex, int fullAnalysisSet, TrialOutcome outcome, double logRateRatio,
                          double standardError, double p, boolean success, List<AnalysisOutcome> analyses) {
    public TrialResult {
        analyses = List.copyOf(analyses);
    }

    public double rateRatio() {
        return Math.exp(logRateRatio);
    }
}
