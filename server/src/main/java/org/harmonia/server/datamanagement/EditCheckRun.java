package org.harmonia.server.datamanagement;

import java.util.List;

/**
 * What one run of the protocol's edit checks did: the protocol version it ran, how many checks over how many subjects,
 * the findings (data that definitely break a check), the queries raised now, and the findings already raised by an
 * earlier run, which raise nothing again.
 */
public record EditCheckRun(String protocolVersion, int checks, int subjects, int findings, List<Long> queriesRaised,
                           int alreadyRaised) {
    public EditCheckRun {
        queriesRaised = List.copyOf(queriesRaised);
    }
}
