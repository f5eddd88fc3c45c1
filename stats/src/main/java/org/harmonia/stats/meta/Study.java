package org.harmonia.stats.meta;

import java.util.Map;
import java.util.Objects;

/**
 * One usable study read from a data table: its row, its label, its 2×2 table (absent when effect sizes were
 * given directly), its effect size, and the raw cells of the moderator and subgroup columns.
 */
public record Study(int row, String label, TwoByTwo counts, EffectSize effect, Map<String, String> covariates) {

    public Study {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(effect, "effect");
        covariates = Map.copyOf(covariates);
    }
}
