package org.harmonia.stats.survival;

import java.util.List;

/** The log-rank test of equal survival across groups ({@code survdiff} with rho = 0). */
public record LogRankResult(List<LogRankGroup> groups, double chiSquare, int df, double pValue, int droppedMissing) {

    public LogRankResult {
        groups = List.copyOf(groups);
        if (df < 1 || chiSquare < 0 || !(pValue >= 0 && pValue <= 1)) {
            throw new IllegalArgumentException("invalid test statistic");
        }
    }

    public LogRankGroup group(String name) {
        return groups.stream().filter(g -> g.group().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no group " + name));
    }
}
