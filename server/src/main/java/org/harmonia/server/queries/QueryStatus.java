package org.harmonia.server.queries;

/** Open (awaiting the site), answered (awaiting the data manager), closed. */
public enum QueryStatus { OPEN, ANSWERED, CLOSED }
