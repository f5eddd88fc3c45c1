package org.harmonia.server.pharmacy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What the pharmacy's endpoints answer: only ever to the unblinded pharmacist. */
public final class PharmacyViews {
    private PharmacyViews() {
    }

    /** A kit's place in its life now; {@code version} is what a change must name. */
    public record Kit(String kitNumber, KitState state, String siteId, String batchId, Long shipmentId, String subjectId, int version,
                      Instant updatedAt, String updatedBy) {
    }

    /** One transition of a kit. */
    public record KitEvent(long id, String event, KitState fromState, KitState toState, String siteId, Long shipmentId, String reason,
                           Instant at, String by) {
    }

    /**
     * A kit with what it holds (its sequence, for dispensing), its batch, its history and its dispensings.
     *
     * @param sequenceId the sequence whose product the kit holds
     * @param allocatedTo the subject its randomisation named, the one to dispense it to; null while no subject has it
     */
    public record KitDetail(Kit kit, String sequenceId, String sequenceLabel, List<String> armsByPeriod, String allocatedTo, Batch batch,
                            List<KitEvent> events, List<Dispensing> dispensings) {
    }

    /**
     * An MSC batch with its release data and the verdict against the configured release limit.
     *
     * @param released whether kits of the batch may be dispensed today: tests passed, viability at the limit or above,
     *                 released on or before today and not expired
     * @param releaseProblems why not, one line each
     */
    public record Batch(String batchId, String source, String donor, BigDecimal cellDosePerKg, BigDecimal viabilityPercent,
                        boolean releaseTestsPassed, LocalDate releaseDate, LocalDate expiryDate, BigDecimal minViabilityPercent,
                        String releaseLimitSource, boolean released, List<String> releaseProblems, int kits, Instant recordedAt,
                        String recordedBy) {
    }

    /** A site's kits by state, and whether a shipment request is open for it. */
    public record SiteStock(String siteId, String siteName, Map<KitState, Integer> kits, int usable, int threshold,
                            Long openShipmentRequestId) {
    }

    /** The whole study's stock: the depot, then each site. */
    public record Stock(int atDepot, List<SiteStock> sites) {
    }

    public record Shipment(long id, String siteId, String status, List<String> kitNumbers, List<String> kitsToReceive, Instant shippedAt,
                           String shippedBy, Instant receivedAt, String receivedBy) {
    }

    /** Raised when a site's usable kits fell below the threshold; {@code SHIPPED} once a shipment went to the site. */
    public record ShipmentRequest(long id, String siteId, int kitsOnHand, int threshold, int kitsWanted, String status, Instant raisedAt,
                                  String raisedBy, Long shipmentId) {
    }

    /**
     * One dispensing, the chain of identity: the kit, its batch and release data, the subject and visit, and the
     * infusion record of that visit once the site saved it (with whether the kit number it names is this kit).
     */
    public record Dispensing(long id, String kitNumber, String batchId, String subjectId, String siteId, String visitId,
                             LocalDate dispensedOn, Instant dispensedAt, String dispensedBy, Long infusionRecordId,
                             String infusionKitNumber, Boolean infusionKitMatches) {
    }
}
