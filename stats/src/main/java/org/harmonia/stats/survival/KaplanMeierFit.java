package org.harmonia.stats.survival;

import java.util.List;

/** Kaplan–Meier curves, one per group (one in all for ungrouped data), with the interval settings used. */
public record KaplanMeierFit(List<KaplanMeierCurve> curves, String confType, double confLevel, int droppedMissing) {

    public KaplanMeierFit {
        curves = List.copyOf(curves);
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("a fit has at least one curve");
        }
    }

    /** The curve of a group; fails if there is none of that name. */
    public KaplanMeierCurve curve(String group) {
        return curves.stream().filter(c -> group.equals(c.group())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no curve for group " + group));
    }
}
