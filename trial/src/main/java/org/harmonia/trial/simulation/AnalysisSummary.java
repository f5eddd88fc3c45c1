package org.harmonia.trial.simulation;

/**
 * How one analysis fared over all the simulated trials of a run: its rejection rate (the power, or the type I error
 * when the true rate ratio is 1) with the exact Clopper-Pearson 95% interval, and how its estimate and interval
 * behaved against the true rate ratio.
 *
 * @param test                  the test, as the plan and {@code --test} name it ("wald", "robust (hc3)", ...)
 * @param trials                trials simulated
 * @param successes             trials where this analysis met the success rule (failed analyses count as no success)
 * @param rate                  successes / trials
 * @param ciLow                 Clopper-Pearson 95% interval of the rate, lower end
 * @param ciHigh                upper end
 * @param analysed              trials whose model was fitted
 * @param biasLogRateRatio      mean estimated log rate ratio minus the true one, over the analysed trials
 * @param coverage              share of the analysed trials with an interval whose 95% interval held the true rate ratio
 * @param withInterval          analysed trials with a finite interval (the denominator of coverage)
 * @param meanSeLogRateRatio    mean standard error this test used
 */
public record AnalysisSummary(String test, int trials, int successes, double rate, double ciLow, double ciHigh, int analysed,
                              double biasLogRateRatio, double coverage, int withInterval, double meanSeLogRateRatio) {
}
