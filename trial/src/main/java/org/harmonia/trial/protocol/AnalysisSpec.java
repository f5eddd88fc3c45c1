package org.harmonia.trial.protocol;

import java.util.List;
import org.harmonia.stats.glm.Inference;

/**
 * One pre-specified analysis: which endpoint, in which analysis set, by which method, comparing what
 * (sequences or arms) against which reference, with the response, its baseline, offset and covariates, and
 * how the comparison is tested (the plan's {@code test}: Wald by default).
 */
public record AnalysisSpec(String id, String label, String endpointId, String populationId, AnalysisMethod method,
                           String compare, String reference, DataPoint response, DataPoint baseline, String offset,
                           List<String> covariates, List<AnalysisPeriod> periods, Inference inference, Subgroup subgroup) {

    /**
     * Participants split in two by how many treatment courses they received ({@code by: courses}): more than
     * {@code above}, and {@code above} or fewer.
     */
    public record Subgroup(String by, int above) {
        public Subgroup {
            if (!"courses".equals(by)) {
                throw new IllegalArgumentException("a subgroup is by courses, not " + by);
            }
            if (above < 0) {
                throw new IllegalArgumentException("the course count a subgroup splits at must not be negative");
            }
        }
    }

    /** An analysis without subgroups. */
    public AnalysisSpec(String id, String label, String endpointId, String populationId, AnalysisMethod method,
                        String compare, String reference, DataPoint response, DataPoint baseline, String offset,
                        List<String> covariates, List<AnalysisPeriod> periods, Inference inference) {
        this(id, label, endpointId, populationId, method, compare, reference, response, baseline, offset, covariates, periods,
                inference, null);
    }

    public AnalysisSpec {
        inference = inference == null ? Inference.WALD : inference;
        covariates = covariates == null ? List.of() : List.copyOf(covariates);
        periods = periods == null ? List.of() : List.copyOf(periods);
    }
}
