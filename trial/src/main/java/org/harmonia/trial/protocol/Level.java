package org.harmonia.trial.protocol;

/** Whether an objective or endpoint is primary, secondary or exploratory. */
public enum Level { PRIMARY, SECONDARY, EXPLORATORY }
