package org.harmonia.trial.protocol;

import java.util.List;
import org.harmonia.stats.glm.Inference;
import org.harmonia.stats.mmrm.CovarianceStructure;

/**
 * One pre-specified analysis: which endpoint, in which analysis set, by which method, comparing what
 * (sequences or arms) against which reference, with the response, its baseline, offset and covariates, and
 * how the comparison is tested (the plan's {@code test}: Wald by default); a subgroup split where the method has one,
 * a survival analysis's landmark times (in its endpoint's time unit), and for an MMRM the covariance across visits
 * (the plan's {@code covariance}: unstructured by default).
 */
public record AnalysisSpec(String id, String label, String endpointId, String populationId, AnalysisMethod method,
                           String compare, String reference, DataPoint response, DataPoint baseline, String offset,
                           List<String> covariates, List<AnalysisPeriod> periods, Inference inference, Subgroup subgroup,
                           List<Double> landmarks, CovarianceStructure covariance) {

    /**
     * Participants split in two: by how many treatment courses they received ({@code by: courses}) or by the analysis's
     * baseline value ({@code by: baseline}, e.g. EDSS above 6.5: those who cannot walk unaided): more than {@code above},
     * and {@code above} or less.
     */
    public record Subgroup(String by, double above) {
        public Subgroup {
            if (!"courses".equals(by) && !"baseline".equals(by)) {
                throw new IllegalArgumentException("a subgroup is by courses or baseline, not " + by);
            }
            if (!Double.isFinite(above)) {
                throw new IllegalArgumentException("the value a subgroup splits at must be a number");
            }
        }
    }

    public AnalysisSpec {
        landmarks = landmarks == null ? List.of() : List.copyOf(landmarks);
        inference = inference == null ? Inference.WALD : inference;
        covariance = covariance == null ? CovarianceStructure.UNSTRUCTURED : covariance;
        covariates = covariates == null ? List.of() : List.copyOf(covariates);
        periods = periods == null ? List.of() : List.copyOf(periods);
    }
}
