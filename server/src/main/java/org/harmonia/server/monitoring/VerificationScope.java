package org.harmonia.server.monitoring;

/** What a monitor verified at once: one field, a whole form record, or every record of a visit. */
public enum VerificationScope { FIELD, FORM, VISIT }
