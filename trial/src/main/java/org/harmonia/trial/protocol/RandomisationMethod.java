package org.harmonia.trial.protocol;

/** The allocation algorithm a protocol prescribes. */
public enum RandomisationMethod { NONE, PERMUTED_BLOCKS, MINIMISATION }
