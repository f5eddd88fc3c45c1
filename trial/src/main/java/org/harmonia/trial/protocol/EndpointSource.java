package org.harmonia.trial.protocol;

import java.util.List;

/** Where an endpoint's data come from: an activity, optionally one field of its form, at some visits (all if empty). */
public record EndpointSource(String activityId, String field, List<String> visitIds) {
    public EndpointSource {
        visitIds = List.copyOf(visitIds);
    }
}
