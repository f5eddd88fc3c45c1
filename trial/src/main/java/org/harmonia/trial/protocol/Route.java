package org.harmonia.trial.protocol;

/** A route of administration used by cell-therapy trials. */
public enum Route { INTRAVENOUS, INTRATHECAL, INTRAMUSCULAR, SUBCUTANEOUS, ORAL, INTRA_ARTERIAL, LOCAL }
