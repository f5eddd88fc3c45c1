package org.harmonia.stats.crossover;

import java.util.Objects;

/**
 * The subjects of one sequence: how many were analysed, their mean total over both periods and the mean
 * response in each period.
 */
public record SequenceSummary(String sequence, int subjects, String firstTreatment, double meanTotal,
                              double meanPeriod1, double meanPeriod2) {
    public SequenceSummary {
        Objects.requireNonNull(sequence, "sequence");
        Objects.requireNonNull(firstTreatment, "firstTreatment");
        if (subjects < 1) {
            throw new IllegalArgumentException("a sequence summary needs at least one subject");
        }
    }
}
