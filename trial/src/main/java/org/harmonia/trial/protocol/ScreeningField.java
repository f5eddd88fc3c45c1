package org.harmonia.trial.protocol;

import java.util.List;
import org.harmonia.trial.eligibility.VariableType;

/** A piece of screening data the protocol collects and its eligibility rules read. */
public record ScreeningField(String name, VariableType type, String label, String unit, List<String> choices) {
    public ScreeningField {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }
}
