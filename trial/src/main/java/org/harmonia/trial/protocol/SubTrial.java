package org.harmonia.trial.protocol;

import java.util.List;

/**
 * A national sub-trial run under the master protocol, with its own registrations and sites; its
 * eligibility is the master's, or its own list (replace), or the master's with some criteria changed (amend).
 */
public record SubTrial(String id, String name, String country, List<Registration> registrations, List<Site> sites,
                       EligibilityMode eligibilityMode, List<EligibilityCriterion> eligibility) {
    public SubTrial {
        registrations = List.copyOf(registrations);
        sites = List.copyOf(sites);
        eligibility = List.copyOf(eligibility);
    }
}
