package org.harmonia.trial.protocol;

import java.util.List;
import org.harmonia.stats.glm.Inference;
import org.harmonia.stats.mmrm.CovarianceStructure;

/**
 * One pre-specified analysis: which endpoint, in which analysis set, by which method, comparing what
 * (sequences or arms) against which reference, with the response, its baseline, offset and covariates, and
 * how the comparison is tested (the plan's {@code test}: Wald by default), and for an MMRM the covariance across visits
 * (the plan's {@code covariance}: unstructured by default).
 */
public record AnalysisSpec(String id, String label, String endpointId, String populationId, AnalysisMethod method,
                           String compare, String reference, DataPoint response, DataPoint baseline, String offset,
                           List<String> covariates, List<AnalysisPeriod> periods, Inference inference,
                           CovarianceStructure covariance) {
    public AnalysisSpec {
        inference = inference == null ? Inference.WALD : inference;
        covariance = covariance == null ? CovarianceStructure.UNSTRUCTURED : covariance;
        covariates = covariates == null ? List.of() : List.copyOf(covariates);
        periods = periods == null ? List.of() : List.copyOf(periods);
    }
}
