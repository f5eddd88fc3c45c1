package org.harmonia.trial.protocol;

import java.util.List;

/** Something done at visits (an assessment, a procedure), with the eCRF form that records it. */
public record Activity(String id, String label, String form, List<String> visitIds) {
    public Activity {
        visitIds = List.copyOf(visitIds);
    }
}
