package org.harmonia.stats.survival;

import java.util.List;

/**
 * The subjects of a landmark analysis: those still under observation after the landmark time, with time restarted
 * there, and counts of those left out because their event or censoring came at or before the landmark.
 * {@code groupsExcluded} names groups with nobody left.
 */
public record LandmarkSet(double landmark, SurvivalData data, int n, int kept, int eventsBefore, int censoredBefore,
        List<String> groupsExcluded) {

    public LandmarkSet {
        groupsExcluded = List.copyOf(groupsExcluded);
        if (kept + eventsBefore + censoredBefore != n) {
            throw new IllegalArgumentException("landmark counts do not add up");
        }
    }
}
