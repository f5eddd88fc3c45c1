package org.harmonia.stats.glm;

/**
 * Where a re-randomisation test gets its allocations: re-randomisation {@code k} (0, 1, 2, ...) writes, for every
 * analysed observation in the fit's row order, 1 if that patient would have been allocated to the compared group
 * and 0 otherwise. The allocation procedure itself (permuted blocks, minimisation, ...) lives with the trial; the
 * statistics only need its output. Allocation k must depend on k alone, so that a test is reproducible.
 */
@FunctionalInterface
public interface AllocationSource {
    void allocate(int k, double[] indicator);
}
