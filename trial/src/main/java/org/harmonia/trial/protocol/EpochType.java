package org.harmonia.trial.protocol;

/** The kind of a study epoch. */
public enum EpochType { SCREENING, RUN_IN, TREATMENT, WASHOUT, FOLLOW_UP }
