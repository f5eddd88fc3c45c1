package org.harmonia.trial.randomisation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one minimisation step: the sequence allocated, the imbalance score each candidate sequence
 * would have produced (in sequence order), the sequences that scored lowest, and how the choice was made.
 */
public record MinimisationDecision(String sequenceId, Map<String, Double> scores, List<String> preferred,
                                   MinimisationChoice choice) {
    public MinimisationDecision {
        if (sequenceId == null || choice == null) {
            throw new RandomisationException("a minimisation decision needs its sequence and how it was chosen");
        }
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
        preferred = List.copyOf(preferred);
    }

    /** Whether minimisation's preference was followed (false only when the random element overrode it). */
    public boolean preferredTaken() {
        return choice != MinimisationChoice.RANDOM_ELEMENT;
    }
}
