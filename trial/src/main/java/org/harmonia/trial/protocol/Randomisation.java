package org.harmonia.trial.protocol;

import java.util.List;

/**
 * The randomisation a protocol prescribes: blocks of randomly varying size within strata, or
 * minimisation over named factors with a random element.
 */
public record Randomisation(RandomisationMethod method, List<Integer> blockSizes, List<String> strata,
                            List<String> factors, Double probability) {
    public Randomisation {
        blockSizes = List.copyOf(blockSizes);
        strata = List.copyOf(strata);
        factors = List.copyOf(factors);
    }

    public static Randomisation none() {
        return new Randomisation(RandomisationMethod.NONE, List.of(), List.of(), List.of(), null);
    }
}
