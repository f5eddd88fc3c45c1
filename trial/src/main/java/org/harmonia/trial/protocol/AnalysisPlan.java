package org.harmonia.trial.protocol;

import java.util.List;
import java.util.Optional;

/** The statistical analysis plan in the protocol: analysis sets and the pre-specified analyses. */
public record AnalysisPlan(List<AnalysisPopulation> populations, List<AnalysisSpec> analyses) {
    public static final AnalysisPlan NONE = new AnalysisPlan(List.of(), List.of());

    public AnalysisPlan {
        populations = List.copyOf(populations);
        analyses = List.copyOf(analyses);
    }

    public Optional<AnalysisPopulation> population(String id) {
        return populations.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public Optional<AnalysisSpec> analysis(String id) {
        return analyses.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    /** The first analysis using the method, if the plan has one. */
    public Optional<AnalysisSpec> first(AnalysisMethod method) {
        return analyses.stream().filter(a -> a.method() == method).findFirst();
    }
}
