package org.harmonia.trial.randomisation;

import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.glm.AllocationSource;
import org.harmonia.stats.glm.Family;
import org.harmonia.stats.glm.GlmFitter;
import org.harmonia.stats.glm.ModelMatrix;
import org.harmonia.stats.glm.RerandomisationTest;
import org.harmonia.stats.glm.ScoreTest;

/**
 * The allocations of a re-randomisation test: re-randomisation k re-runs the allocation procedure over every
 * randomised patient (arrival order and strata as they were) from {@link AllocationProcedure#rerunSeed}(seed, k),
 * and reports, for each analysed row, whether its patient went to the compared sequence. Patients randomised but not
 * analysed (outside the analysis set) still take their place in the lists and the minimisation counts, as they did
 * in the trial.
 */
public final class RerandomisedAllocations implements AllocationSource {
    private final AllocationProcedure.Rerun rerun;
    private final long seed;
    private final int compared;
    private final int[] rowPatient;
    private final int[] sequences;

    /**
     * @param rerun      the procedure over every randomised patient in arrival order
     * @param seed       the seed of the test
     * @param compared   the index of the compared sequence (its patients get 1)
     * @param rowPatient for each analysed row in the fit's order, its patient's position in arrival order
     */
    public RerandomisedAllocations(AllocationProcedure.Rerun rerun, long seed, int compared, int[] rowPatient) {
        this.rerun = rerun;
        this.seed = seed;
        this.compared = compared;
        this.rowPatient = rowPatient.clone();
        for (int p : this.rowPatient) {
            if (p < 0 || p >= rerun.patients()) {
                throw new InvalidDataException("an analysed row refers to patient " + (p + 1) + " of " + rerun.patients() + " randomised");
            }
        }
        this.sequences = new int[rerun.patients()];
    }

    @Override
    public void allocate(int k, double[] indicator) {
        rerun.allocate(AllocationProcedure.rerunSeed(seed, k), sequences);
        for (int r = 0; r < rowPatient.length; r++) {
            indicator[r] = sequences[rowPatient[r]] == compared ? 1 : 0;
        }
    }

    /**
     * The re-randomisation test of design column {@code term} of the model (the 0/1 indicator of the compared
     * sequence), the null model fitted once.
     */
    public static RerandomisationTest test(Family family, ModelMatrix m, String term, AllocationProcedure.Rerun rerun,
                                           int compared, int[] rowPatient, int rerandomisations, long seed) {
        int column = m.columnNames().indexOf(term);
        if (column < 0) {
            throw new InvalidDataException("the model has no coefficient \"" + term + "\" to re-randomise; it has "
                    + String.join(", ", m.columnNames()));
        }
        if (rowPatient.length != m.n()) {
            throw new IllegalArgumentException("one patient per analysed row is needed: " + rowPatient.length + " for " + m.n());
        }
        ScoreTest score = RerandomisationTest.nullModel(family, m, column, new GlmFitter());
        return RerandomisationTest.run(term, score, m.columns()[column],
                new RerandomisedAllocations(rerun, seed, compared, rowPatient), rerandomisations, seed);
    }
}
