package org.harmonia.trial.protocol;

import java.util.List;

/** A study objective and the endpoints that measure it. */
public record Objective(String id, Level level, String text, List<String> endpointIds) {
    public Objective {
        endpointIds = List.copyOf(endpointIds);
    }
}
