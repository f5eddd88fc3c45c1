package org.harmonia.trial.protocol;

import java.util.List;
import org.harmonia.stats.glm.Inference;

/**
 * One pre-specified analysis: which endpoint, in which analysis set, by which method, comparing what
 * (sequences or arms) against which reference, with the response, its baseline, offset and covariates, and
 * how the comparison is tested (the plan's {@code test}: Wald by default); a survival analysis's landmark times (in its
 * endpoint's time unit).
 */
public record AnalysisSpec(String id, String label, String endpointId, String populationId, AnalysisMethod method,
                           String compare, String reference, DataPoint response, DataPoint baseline, String offset,
                           List<String> covariates, List<AnalysisPeriod> periods, Inference inference, List<Double> landmarks) {

    public AnalysisSpec(String id, String label, String endpointId, String populationId, AnalysisMethod method, String compare,
                        String reference, DataPoint response, DataPoint baseline, String offset, List<String> covariates,
                        List<AnalysisPeriod> periods, Inference inference) {
        this(id, label, endpointId, populationId, method, compare, reference, response, baseline, offset, covariates, periods,
                inference, List.of());
    }

    public AnalysisSpec {
        landmarks = landmarks == null ? List.of() : List.copyOf(landmarks);
        inference = inference == null ? Inference.WALD : inference;
        covariates = covariates == null ? List.of() : List.copyOf(covariates);
        periods = periods == null ? List.of() : List.copyOf(periods);
    }
}
