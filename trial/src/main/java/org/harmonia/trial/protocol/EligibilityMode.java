package org.harmonia.trial.protocol;

/** How a sub-trial's eligibility relates to the master protocol's. */
public enum EligibilityMode { MASTER, REPLACE, AMEND }
