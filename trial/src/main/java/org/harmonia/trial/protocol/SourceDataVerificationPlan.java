package org.harmonia.trial.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The protocol's source data verification plan (ICH E6(R3) risk-based monitoring): the records verified in full (every
 * form at the listed visits, every record of the listed forms, the forms and visits behind the listed endpoints) and,
 * of the rest, a random {@code samplePercent} per site.
 *
 * <p>The sample is drawn record by record: a record is in it when the SHA-256 of study, site and the record's own key,
 * read as a number in [0, 1), is below the percentage. No record's draw depends on another's, so the sample stays put
 * as data arrive, and a monitor, the server and a re-run a year later all draw the same records.
 */
public record SourceDataVerificationPlan(List<String> fullVisits, List<String> fullForms, List<String> fullEndpoints,
                                         int samplePercent) {
    /** No plan: nothing required, nothing sampled; monitors may still verify what they choose. */
    public static final SourceDataVerificationPlan NONE = new SourceDataVerificationPlan(List.of(), List.of(), List.of(), 0);

    public SourceDataVerificationPlan {
        fullVisits = List.copyOf(fullVisits);
        fullForms = List.copyOf(fullForms);
        fullEndpoints = List.copyOf(fullEndpoints);
        if (samplePercent < 0 || samplePercent > 100) {
            throw new IllegalArgumentException("samplePercent must be 0 to 100, not " + samplePercent);
        }
    }

    /** Why a record is on the monitor's list, or that it is not. */
    public enum Selection { FULL, SAMPLED, NOT_SELECTED }

    /**
     * Whether a record must be verified: {@code visitId} may be null (a log record tied to no visit); {@code recordKey}
     * names the record within the study independently of database ids, e.g. {@code subject/visit/form}.
     */
    public Selection select(Protocol protocol, String siteId, String visitId, String formId, String recordKey) {
        if (inFull(protocol, visitId, formId)) {
            return Selection.FULL;
        }
        return samplePercent > 0 && draw(protocol.id(), siteId, recordKey) < samplePercent / 100.0
                ? Selection.SAMPLED : Selection.NOT_SELECTED;
    }

    private boolean inFull(Protocol protocol, String visitId, String formId) {
        if (fullForms.contains(formId) || (visitId != null && fullVisits.contains(visitId))) {
            return true;
        }
        for (String endpointId : fullEndpoints) {
            Endpoint e = protocol.endpoints().stream().filter(x -> x.id().equals(endpointId)).findFirst().orElse(null);
            if (e == null || e.source() == null) {
                continue;
            }
            Activity a = protocol.activities().stream().filter(x -> x.id().equals(e.source().activityId())).findFirst().orElse(null);
            if (a != null && formId.equals(a.form())
                    && (e.source().visitIds().isEmpty() || (visitId != null && e.source().visitIds().contains(visitId)))) {
                return true;
            }
        }
        return false;
    }

    /** The record's draw in [0, 1): the first 53 bits of SHA-256("study|site|record") as a fraction. */
    public static double draw(String studyId, String siteId, String recordKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((studyId + "|" + siteId + "|" + recordKey).getBytes(StandardCharsets.UTF_8));
            return (ByteBuffer.wrap(digest).getLong() >>> 11) * 0x1.0p-53;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The forms that the plan verifies in full at some visit, for people reading the plan. */
    public Set<String> fullFormsOf(Protocol protocol) {
        Set<String> out = new LinkedHashSet<>();
        for (Activity a : protocol.activities()) {
            if (a.form() != null && a.visitIds().stream().anyMatch(v -> inFull(protocol, v, a.form()))) {
                out.add(a.form());
            }
        }
        return out;
    }
}
