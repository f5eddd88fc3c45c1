package org.harmonia.trial.protocol;

import java.util.List;

/** An analysis set (randomised, full analysis, per protocol, safety) defined by requirements every member meets. */
public record AnalysisPopulation(String id, String label, List<PopulationRequirement> requires) {
    public AnalysisPopulation {
        requires = List.copyOf(requires);
    }
}
