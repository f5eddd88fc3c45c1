package org.harmonia.stats.crossover;

import java.util.List;
import java.util.Objects;
import org.harmonia.stats.glm.Coefficient;
import org.harmonia.stats.glm.Family;

/**
 * The analysis of a 2x2 crossover: treatment and period effects from a model with a fixed effect per subject
 * ({@code lm} for a continuous endpoint, {@code glm.nb} for counts), Grizzle's carry-over test for the
 * continuous endpoint, and per-sequence means.
 *
 * @param family           gaussian (continuous endpoint) or negbin (counts)
 * @param treatmentLevel   the treatment compared with the control
 * @param controlLevel     the reference treatment
 * @param subjects         subjects analysed
 * @param observations     rows analysed (two per subject)
 * @param excludedSubjects subjects left out, each with the reason
 * @param treatment        the treatment effect (for negbin exp gives the rate ratio)
 * @param period           the period effect, period 2 against period 1
 * @param carryOver        Grizzle's carry-over test; null for counts
 * @param sequences        per-sequence summaries
 * @param theta            negbin shape, null for gaussian
 * @param thetaSe          its standard error, null for gaussian
 * @param dfResidual       residual degrees of freedom of the model
 */
public record CrossoverResult(Family family, String treatmentLevel, String controlLevel, int subjects, int observations,
                              List<String> excludedSubjects, Coefficient treatment, Coefficient period,
                              CarryOverTest carryOver, List<SequenceSummary> sequences, Double theta, Double thetaSe,
                              int dfResidual) {
    public CrossoverResult {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(treatment, "treatment");
        Objects.requireNonNull(period, "period");
        excludedSubjects = List.copyOf(excludedSubjects);
        sequences = List.copyOf(sequences);
    }
}
