package org.harmonia.server.monitoring;

import java.util.List;
import org.harmonia.server.system.Text;

/** The bodies of the source data verification endpoints; their texts are checked as they are read. */
public final class SdvRequests {
    private SdvRequests() {
    }

    /**
     * Verifying: a form record, whole ({@code fields} absent) or some of its fields; or a whole visit of a subject
     * ({@code subjectId} and {@code visitId}, every record saved there).
     */
    public record Verify(Long formRecordId, List<String> fields, String subjectId, String visitId) {
        public Verify {
            fields = fields == null ? null : List.copyOf(fields);
            if (fields != null) {
                for (int i = 0; i < fields.size(); i++) {
                    Text.singleLine("fields[" + i + "]", fields.get(i), 100);
                }
            }
            Text.singleLine("subjectId", subjectId, 100);
            Text.singleLine("visitId", visitId, 100);
        }
    }

    /** A finding on a form record, or on one of its fields. */
    public record RecordFinding(Long formRecordId, String field, String finding) {
        public RecordFinding {
            Text.singleLine("field", field, 100);
            Text.multiLine("finding", finding);
        }
    }
}
