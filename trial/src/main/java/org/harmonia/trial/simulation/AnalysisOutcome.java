package org.harmonia.trial.simulation;

/**
 * One analysis of one simulated trial: the sequence effect tested one way (the plan's test or one compared beside it).
 *
 * @param outcome       whether the model could be fitted
 * @param logRateRatio  estimated log rate ratio (the same maximum likelihood estimate for every test; NaN unless analysed)
 * @param standardError the standard error this test uses: model-based, or sandwich for the robust test (NaN unless analysed)
 * @param p             two-sided p-value (NaN unless analysed)
 * @param ciLow         lower end of the 95% interval of the log rate ratio: Wald (model or sandwich SE), profile likelihood
 *                      for the likelihood-ratio test, Wald for the re-randomisation test; NaN when none was found
 * @param ciHigh        upper end
 * @param success       p below alpha (and, when the scenario requires benefit, rate ratio below 1)
 */
public record AnalysisOutcome(TrialOutcome outcome, double logRateRatio, double standardError, double p, double ciLow,
                              double ciHigh, boolean success) {
    static AnalysisOutcome failed(TrialOutcome outcome) {
        return new AnalysisOutcome(outcome, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false);
    }
}
