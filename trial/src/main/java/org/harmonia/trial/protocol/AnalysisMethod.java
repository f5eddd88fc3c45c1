package org.harmonia.trial.protocol;

/** The statistical methods an analysis plan can prescribe. */
public enum AnalysisMethod {
    /** Counts compared between arms or sequences by negative binomial regression (rate ratio). */
    NEGATIVE_BINOMIAL,
    /** Adverse events: events and patients with at least one, by system organ class and severity; serious ones listed. */
    ADVERSE_EVENT_TABLES,
    /** Counts per period of a 2x2 crossover: negative binomial with subject, period and treatment. */
    CROSSOVER_NEGATIVE_BINOMIAL,
    /** A continuous value's change from baseline at later visits, summarised and compared. */
    CHANGE_FROM_BASELINE,
    /**
     * A continuous value at several visits by a mixed model for repeated measures (visit, group, visit by group and
     * the baseline value; unstructured covariance, REML, Satterthwaite df): least-squares means by visit and group.
     */
    MMRM
}
