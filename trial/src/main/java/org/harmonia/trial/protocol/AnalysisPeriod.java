package org.harmonia.trial.protocol;

import java.util.List;

/** One period of a crossover analysis: its epoch and the visits whose values it sums. */
public record AnalysisPeriod(String epochId, List<String> visits) {
    public AnalysisPeriod {
        visits = List.copyOf(visits);
    }
}
