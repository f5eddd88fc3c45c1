package org.harmonia.stats.survival;

/** One group's line of a log-rank test, as {@code print.survdiff} shows it. */
public record LogRankGroup(String group, int n, double observed, double expected, double oMinusESquaredOverE,
        double oMinusESquaredOverV) {

    public LogRankGroup {
        if (n < 1 || observed < 0 || expected < 0) {
            throw new IllegalArgumentException("inconsistent counts for group " + group);
        }
    }
}
