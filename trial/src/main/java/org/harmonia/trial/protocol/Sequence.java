package org.harmonia.trial.protocol;

import java.util.List;

/**
 * What a participant is allocated to: the arms in order through the treatment epochs (USDM study
 * arm). In a parallel study each sequence has one period; in a crossover, one per period.
 */
public record Sequence(String id, String label, int ratio, List<Period> periods) {
    public Sequence {
        periods = List.copyOf(periods);
        if (ratio < 1) {
            throw new IllegalArgumentException("allocation ratio must be at least 1");
        }
    }
}
