package org.harmonia.trial.randomisation;

import java.util.List;
import org.harmonia.trial.protocol.Period;
import org.harmonia.trial.protocol.Sequence;

/** Sequences used across the randomisation tests: MESEMS's two crossover sequences, and parallel designs with other ratios. */
final class Designs {
    static final Sequence MSC_PLACEBO = new Sequence("MSC-PLACEBO", "MSC then placebo", 1,
            List.of(new Period("P1", "MSC"), new Period("P2", "PLACEBO")));
    static final Sequence PLACEBO_MSC = new Sequence("PLACEBO-MSC", "placebo then MSC", 1,
            List.of(new Period("P1", "PLACEBO"), new Period("P2", "MSC")));
    static final List<Sequence> MESEMS = List.of(MSC_PLACEBO, PLACEBO_MSC);

    static final List<Sequence> TWO_TO_ONE = List.of(parallel("MSC", 2), parallel("CONTROL", 1));
    static final List<Sequence> THREE_ARMS = List.of(parallel("LOW", 1), parallel("HIGH", 1), parallel("PLACEBO", 1));

    static Sequence parallel(String arm, int ratio) {
        return new Sequence(arm, arm, ratio, List.of(new Period("TREATMENT", arm)));
    }

    private Designs() {
    }
}
