package org.harmonia.stats.survival;

import java.util.List;

/** The log-rank test of equal survival across groups ({@code survdiff} with rho = 0). */
public record LogRankResult(List<LogRankGroup> groups, double statistic, int df, double p, int droppedMissing) {

    public LogRankResult {
        groups = List.copyOf(groups);
        if (df < 1 || statistic < 0 || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("invalid test statistic");
        }
    }

    public LogRankGroup group(String name) {
        return groups.stream().filter(g -> g.group().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no group " + name));
    }
}
