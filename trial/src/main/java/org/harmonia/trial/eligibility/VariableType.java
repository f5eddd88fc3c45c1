package org.harmonia.trial.eligibility;

/** The type of a piece of screening data. */
public enum VariableType { NUMBER, INTEGER, BOOLEAN, DATE, CHOICE, EDSS, TEXT }
