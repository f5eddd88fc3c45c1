package org.harmonia.trial.protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The plan of a meta-analysis hosted as a study: its subjects are the included trials, each with per-arm event counts
 * and sizes and the values of the moderators. The outcome is counted as participants with at least one adverse event of
 * the named system organ class; trials run in Harmonia itself may join from their live data ({@code liveStudies}).
 *
 * @param measure            effect measure as metafor names it (RR, OR, RD)
 * @param method             pooling method as metafor names it (FE, DL, REML)
 * @param zeroCellCorrection added to every cell of a trial with a zero cell
 */
public record MetaAnalysisPlan(String outcome, String outcomeSoc, String measure, String method, double zeroCellCorrection,
                               boolean egger, List<Moderator> moderators, List<LiveStudy> liveStudies) {
    public MetaAnalysisPlan {
        Objects.requireNonNull(outcome, "outcome");
        moderators = List.copyOf(moderators);
        liveStudies = List.copyOf(liveStudies);
    }

    /** A study-level covariate with its levels; the first level of {@code levels} is the reference of the meta-regression. */
    public record Moderator(String id, String label, List<String> levels, boolean regression) {
        public Moderator {
            levels = List.copyOf(levels);
        }

        public String reference() {
            return levels.get(0);
        }
    }

    /**
     * A trial run in Harmonia that enters the meta-analysis from its own data: participants of {@code experimental}
     * against those of {@code control} (sequences or arms of that study), with its moderator values stated here.
     */
    public record LiveStudy(String studyId, String label, String experimental, String control, Map<String, String> moderators,
                            String note) {
        public LiveStudy {
            moderators = Map.copyOf(moderators);
        }
    }

    public Optional<Moderator> moderator(String id) {
        return moderators.stream().filter(m -> m.id().equals(id)).findFirst();
    }
}
