package org.harmonia.stats.meta;

import java.util.List;

/**
 * Everything a meta-analysis reports: per-study effects and weights, the pooled estimate, heterogeneity, and
 * where asked for the meta-regression, the subgroup analysis and Egger's test.
 *
 * @param rowsDropped number of data rows left out for missing values, listed in {@code droppedRows}
 * @param iterations  Fisher scoring iterations of the REML fit, absent for other methods
 * @param cmh         Cochran–Mantel–Haenszel test, for Mantel–Haenszel odds ratios only
 */
public record MetaAnalysisResult(String source, EffectMeasure measure, MetaMethod method, MetaTest test, int k,
        int rowsDropped, List<Integer> droppedRows, List<StudyEffect> studies, PooledEstimate pooled,
        Heterogeneity heterogeneity, Integer iterations, OmnibusTest cmh, RmaFit metaRegression,
        SubgroupAnalysis subgroups, EggerTest egger) {

    public MetaAnalysisResult {
        droppedRows = List.copyOf(droppedRows);
        studies = List.copyOf(studies);
    }
}
