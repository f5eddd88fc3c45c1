package org.harmonia.server.monitoring;

import java.util.List;
import org.harmonia.trial.protocol.SourceDataVerificationPlan.Selection;

/**
 * One saved form record as the monitor's list shows it: why the plan selects it (in full, sampled, or not at all) and
 * how far it is verified, with the fields whose verification was removed because the site changed them.
 */
public record WorkItem(long formRecordId, String subjectId, String siteId, String visitId, String formId, int version,
                       Selection selection, Status status, List<String> verifiedFields, List<String> removedFields) {
    public WorkItem {
        verifiedFields = List.copyOf(verifiedFields);
        removedFields = List.copyOf(removedFields);
    }

    /**
     * VERIFIED: the whole record (or every field that has a value) verified; REVERIFY: a verification was removed by a
     * change and not made again; PARTLY: some fields verified; TO_VERIFY: nothing verified yet.
     */
    public enum Status { VERIFIED, REVERIFY, PARTLY, TO_VERIFY }

    public boolean selected() {
        return selection != Selection.NOT_SELECTED;
    }
}
