package org.harmonia.stats.survival;

import java.util.ArrayList;
import java.util.List;
import org.harmonia.stats.InvalidDataException;

/**
 * Landmark analysis: condition on being event-free and under observation at a landmark time L, then analyse survival
 * from L on. A subject is kept when its time is strictly greater than L; one whose event or censoring is at exactly L
 * is excluded, because it contributes no follow-up after L (an event at L has happened by the landmark, and a
 * censoring at L leaves zero time at risk). This is the convention of {@code dynpred::cutLM} ({@code time > LM}).
 */
public final class Landmark {
    private Landmark() {
    }

    public static LandmarkSet at(SurvivalData data, double landmark) {
        if (!Double.isFinite(landmark) || landmark < 0) {
            throw new InvalidDataException("landmark time must be a finite number of at least 0, not " + landmark);
        }
        List<Integer> keep = new ArrayList<>();
        int eventsBefore = 0;
        int censoredBefore = 0;
        for (int i = 0; i < data.size(); i++) {
            if (data.time(i) > landmark) {
                keep.add(i);
            } else if (data.status(i) == 1) {
                eventsBefore++;
            } else {
                censoredBefore++;
            }
        }
        if (keep.isEmpty()) {
            throw new InvalidDataException("no subject is still under observation after the landmark at "
                    + RValues.format(landmark) + " (" + eventsBefore + " events and " + censoredBefore
                    + " censorings at or before it)");
        }
        int[] positions = keep.stream().mapToInt(Integer::intValue).toArray();
        SurvivalData kept = data.subset(positions);
        double[] shifted = new double[kept.size()];
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = kept.time(i) - landmark;
        }
        List<String> excluded = new ArrayList<>(data.groups());
        excluded.removeAll(kept.groups());
        return new LandmarkSet(landmark, kept.withTimes(shifted), data.size(), kept.size(), eventsBefore,
                censoredBefore, excluded);
    }
}
