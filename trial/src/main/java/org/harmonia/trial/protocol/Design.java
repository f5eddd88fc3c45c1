package org.harmonia.trial.protocol;

import java.util.List;

/** The shape of a study: design type, whether allocation is random, masking and planned size. */
public record Design(DesignType type, boolean randomised, Masking masking, List<String> maskedRoles,
                     Integer plannedEnrolment, Randomisation randomisation) {
    public Design {
        maskedRoles = List.copyOf(maskedRoles);
    }
}
