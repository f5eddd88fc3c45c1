package org.harmonia.trial.simulation;

/** How the primary analysis of one simulated trial ended. */
public enum TrialOutcome {
    /** The model was fitted: the rate ratio, its standard error and p are available. */
    ANALYSED,
    /** The negative binomial fit did not converge within the iteration limit. */
    NOT_CONVERGED,
    /**
     * The model could not be estimated from the data: too few patients in the analysis set, a column aliased
     * with others (e.g. one sequence empty), or no finite estimate.
     */
    NOT_ESTIMABLE
}
