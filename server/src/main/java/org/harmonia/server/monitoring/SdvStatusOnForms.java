package org.harmonia.server.monitoring;

import java.util.List;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.visits.FormRecord;
import org.springframework.stereotype.Component;

/**
 * The verification status of a record, for the form page ({@code @sdvStatus.of(...)} in its template): what is verified
 * now, and the verifications a change removed and nobody made again. Empty for roles that do not read it.
 */
@Component("sdvStatus")
public class SdvStatusOnForms {
    private final SdvService sdv;

    public SdvStatusOnForms(SdvService sdv) {
        this.sdv = sdv;
    }

    /** The status shown: live verifications and the removed ones not made again since. */
    public record Status(List<Verification> live, List<Verification> removed, String verifyPage) {
        public boolean empty() {
            return live.isEmpty() && removed.isEmpty();
        }
    }

    public Status of(Caller caller, FormRecord record) {
        if (caller == null || record == null || !caller.has(record.studyId(), Permission.READ_SOURCE_DATA_VERIFICATION)) {
            return null;
        }
        List<Verification> all = sdv.ofRecord(record.studyId(), record.id(), caller);
        List<Verification> live = all.stream().filter(Verification::live).toList();
        List<Verification> removed = all.stream().filter(v -> !v.live())
                .filter(v -> live.stream().noneMatch(l -> l.field() == null || l.field().equals(v.field())))
                // the latest removal per field (or of the whole record) is what the site needs to know
                .collect(java.util.stream.Collectors.toMap(v -> v.field() == null ? "" : v.field(), v -> v, (a, b) -> b,
                        java.util.LinkedHashMap::new)).values().stream().toList();
        String page = !caller.has(record.studyId(), Permission.VERIFY_SOURCE_DATA) ? null : record.visitId() == null
                ? "/studies/" + record.studyId() + "/form-records/" + record.id() + "/sdv"
                : "/studies/" + record.studyId() + "/subjects/" + record.subjectId() + "/visits/" + record.visitId() + "/sdv";
        return new Status(live, removed, page);
    }
}
