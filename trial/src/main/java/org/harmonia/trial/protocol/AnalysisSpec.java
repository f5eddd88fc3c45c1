package org.harmonia.trial.protocol;

import java.util.List;

/**
 * One pre-specified analysis: which endpoint, in which analysis set, by which method, comparing what
 * (sequences or arms) against which reference, with the response, its baseline, offset and covariates.
 */
public record AnalysisSpec(String id, String label, String endpointId, String populationId, AnalysisMethod method,
                           String compare, String reference, DataPoint response, DataPoint baseline, String offset,
                           List<String> covariates, List<AnalysisPeriod> periods) {
    public AnalysisSpec {
        covariates = covariates == null ? List.of() : List.copyOf(covariates);
        periods = periods == null ? List.of() : List.copyOf(periods);
    }
}
