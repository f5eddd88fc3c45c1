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
    MMRM,
    /**
     * A single arm's value at baseline against its last recorded value (the response's {@code summary: last}): mean and
     * SD of both, Wilcoxon signed-rank and paired t tests, patients improved, stable or worse, and the follow-up.
     */
    PAIRED_CHANGE,
    /** Patients improved, stable or worse (last value against baseline) by subgroup, Fisher's exact test. */
    SUBGROUP_EXACT,
    /** A value's mean and SD at each of several visits, as a table and a line chart; by subgroup when it has one. */
    VALUES_OVER_TIME,
    /** Every adverse event listed, with relatedness and seriousness, and the counts by relatedness. */
    ADVERSE_EVENT_LISTING,
    /**
     * A time-to-event endpoint derived from its dates (see {@link TimeToEvent}): Kaplan–Meier curves by group, the
     * log-rank test, the Cox proportional hazards model's hazard ratio (Efron ties) and, at each landmark time, the same
     * before and after it (survival up to the landmark; from it on among those still under observation).
     */
    SURVIVAL
}
