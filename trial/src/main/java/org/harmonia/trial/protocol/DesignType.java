package org.harmonia.trial.protocol;

/** How participants move through treatments: all on one arm, each on one of several, or each through a sequence of arms. */
public enum DesignType { SINGLE_ARM, PARALLEL, CROSSOVER }
