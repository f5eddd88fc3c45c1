package org.harmonia.trial.simulation;

import java.util.List;
import org.harmonia.stats.InvalidDataException;

/**
 * A national sub-trial as the simulator recruits into it: its id, its sites (a simulated patient's site is
 * drawn uniformly among them) and its share of the patients.
 */
public record RecruitingSubTrial(String id, List<String> siteIds, double share) {
    public RecruitingSubTrial {
        if (id == null || id.isBlank()) {
            throw new InvalidDataException("a recruiting sub-trial needs an id");
        }
        siteIds = List.copyOf(siteIds);
        if (siteIds.isEmpty()) {
            throw new InvalidDataException("sub-trial " + id + " needs at least one site to recruit at");
        }
        if (!(share >= 0) || share > 1) {
            throw new InvalidDataException("the recruitment share of sub-trial " + id + " must be between 0 and 1; got " + share);
        }
    }

    public RecruitingSubTrial withShare(double newShare) {
        return new RecruitingSubTrial(id, siteIds, newShare);
    }
}
