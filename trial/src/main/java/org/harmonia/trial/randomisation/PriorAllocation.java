package org.harmonia.trial.randomisation;

import java.util.Map;

/** A patient already allocated, as minimisation sees them: the sequence and the patient's level of each factor. */
public record PriorAllocation(String sequenceId, Map<String, String> levels) {
    public PriorAllocation {
        if (sequenceId == null || sequenceId.isBlank()) {
            throw new RandomisationException("a prior allocation needs its sequence");
        }
        levels = Map.copyOf(levels);
    }
}
