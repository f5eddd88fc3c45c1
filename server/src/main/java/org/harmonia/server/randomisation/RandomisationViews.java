package org.harmonia.server.randomisation;

import java.time.Instant;
import java.util.List;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.Text;

/** What the randomisation endpoints answer; only the unblinded views carry a sequence. */
public final class RandomisationViews {
    private RandomisationViews() {
    }

    /** Generating the list: a seed given as hex (64 digits) or none to have one drawn; slots per stratum. */
    public record ListRequest(String seedHex, Integer lengthPerStratum) {
    }

    /** The generated list, described without its content. The seed is returned only when the server drew it: keep it safe. */
    public record ListSummary(String method, String seedFingerprint, String seedHex, int strata, int slots, int kits,
                              Instant generatedAt) {
    }

    /** The answer a blinded site gets when it randomises: the kit to dispense, never the product. */
    public record Allocated(String subjectId, String kitNumber, String stratum, Instant allocatedAt) {
    }

    /** An allocation as the unblinded statistician or pharmacist (or an emergency-unblinding investigator) sees it. */
    public record UnblindedAllocation(String subjectId, String siteId, String stratum, Integer position, String sequenceId,
                                      String sequenceLabel, List<String> armsByPeriod, String kitNumber, Instant allocatedAt) {
    }

    /** One line of the exported list; {@code extensionId} names the extension that added it (null: the generated list). */
    public record Slot(String stratum, int position, int blockNumber, int blockSize, String sequenceId, String kitNumber,
                       String subjectId, Instant allocatedAt, Long extensionId) {
    }

    /**
     * Extending the list by hand: one stratum (absent: every stratum of the protocol), at least {@code slots} further
     * slots in whole blocks (absent: the generated list's length per stratum), and the seed in hex, needed only for a
     * list generated before extension keys were stored.
     */
    public record ExtensionRequest(String stratum, Integer slots, String seedHex) {
    }

    /** One extension of a stratum's list, for the unblinded statistician: the positions and blocks it added. */
    public record Extension(long id, String stratum, int firstPosition, int lastPosition, int firstBlock, int lastBlock, int slots,
                            String reason, String extendedBy, Instant extendedAt) {
    }

    /** A kit as the pharmacy sees it. */
    public record KitView(String kitNumber, String sequenceId, String sequenceLabel, List<String> armsByPeriod, String subjectId) {
    }

    /** Emergency unblinding: why. The reason is checked as every free text is, as soon as it is read. */
    public record UnblindingRequest(String reason) {
        public UnblindingRequest {
            Text.multiLine("reason", reason);
        }

        /** Refuses a request without its medical reason, before anything is revealed or recorded. */
        public static UnblindingRequest requireReason(UnblindingRequest request) {
            if (request == null || request.reason() == null || request.reason().isBlank()) {
                throw new InvalidInputException("reason", "emergency unblinding needs its medical reason");
            }
            return request;
        }
    }

    /** A message for the central team ({@code CENTRAL_TEAM}) or for the unblinded statistician ({@code UNBLINDED_STATISTICIAN}). */
    public record Notification(long id, String kind, String audience, String subjectId, String siteId, String message,
                               Instant createdAt) {
    }
}
