package org.harmonia.trial.simulation;

import java.util.List;

/**
 * What a power simulation found: the share of trials whose primary analysis succeeded (the power, or the
 * type I error when the true rate ratio is 1) with its exact 95% interval, the distribution of the estimated
 * rate ratio, the analyses that failed, and the throughput. Failed analyses count as trials without success
 * (the denominator is every trial simulated); the rate-ratio summaries are over the analysed trials only.
 *
 * @param trials                   trials simulated
 * @param successes                trials whose primary analysis met the success rule
 * @param power                    successes / trials
 * @param ciLow                    Clopper-Pearson 95% interval of the power, lower end
 * @param ciHigh                   upper end
 * @param analysed                 trials whose model was fitted
 * @param notConverged             trials whose negative binomial fit did not converge
 * @param notEstimable             trials whose model could not be estimated (too few patients, aliased columns)
 * @param meanRateRatio            mean of the estimated rate ratios
 * @param medianRateRatio          median of the estimated rate ratios
 * @param empiricalSeLogRateRatio  standard deviation of the estimated log rate ratios across trials
 * @param meanModelSeLogRateRatio  mean of the model-based standard errors of the log rate ratio
 * @param meanFullAnalysisSet      mean number of patients in the full analysis set
 * @param threads                  threads used
 * @param elapsedSeconds           wall-clock time of the simulation
 * @param trialsPerSecond          trials / elapsedSeconds
 * @param analyses                 every analysis run on the same trials, the primary one first
 */
public record PowerResult(int trials, int successes, double power, double ciLow, double ciHigh, int analysed,
                          int notConverged, int notEstimable, double meanRateRatio, double medianRateRatio,
                          double empiricalSeLogRateRatio, double meanModelSeLogRateRatio, double meanFullAnalysisSet,
                          int threads, double elapsedSeconds, double trialsPerSecond, List<AnalysisSummary> analyses) {
    public PowerResult {
        analyses = List.copyOf(analyses);
        if (trials < 1 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials and trials >= 1; got " + successes + " of " + trials);
        }
        if (analysed + notConverged + notEstimable != trials) {
            throw new IllegalArgumentException("analysed, not converged and not estimable must add up to the trials");
        }
    }

    /** Analyses that did not give an estimate (not converged or not estimable). */
    public int failures() {
        return notConverged + notEstimable;
    }
}
