package org.harmonia.server.pharmacy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.Text;

/** The bodies of the pharmacy's endpoints; their texts are checked as they are read. */
public final class PharmacyRequests {
    /** The most kits one shipment or receipt names. */
    static final int MAX_KITS = 500;

    private PharmacyRequests() {
    }

    static void kitNumbers(String field, List<String> kitNumbers) {
        if (kitNumbers == null) {
            return;
        }
        if (kitNumbers.size() > MAX_KITS) {
            throw new InvalidInputException(field, "at most " + MAX_KITS + " kits at once, not " + kitNumbers.size());
        }
        for (int i = 0; i < kitNumbers.size(); i++) {
            Text.singleLine(field + "[" + i + "]", kitNumbers.get(i), 20);
        }
    }

    /** An MSC batch as its certificate of analysis gives it. */
    public record NewBatch(String batchId, String source, String donor, BigDecimal cellDosePerKg, BigDecimal viabilityPercent,
                           Boolean releaseTestsPassed, LocalDate releaseDate, LocalDate expiryDate) {
        public NewBatch {
            Text.singleLine("batchId", batchId, 40);
            Text.singleLine("source", source, 20);
            Text.singleLine("donor", donor, 100);
        }
    }

    /** Links a kit to the batch whose cells it holds; {@code version} is the kit's as read. */
    public record BatchLink(String batchId, Integer version) {
        public BatchLink {
            Text.singleLine("batchId", batchId, 40);
        }
    }

    /** Kits sent from the depot to a site. */
    public record NewShipment(String siteId, List<String> kitNumbers) {
        public NewShipment {
            Text.singleLine("siteId", siteId, 20);
            PharmacyRequests.kitNumbers("kitNumbers", kitNumbers);
            kitNumbers = kitNumbers == null ? null : List.copyOf(kitNumbers);
        }
    }

    /** The kit numbers the site scanned or typed from the labels of a shipment that arrived. */
    public record Receipt(List<String> kitNumbers) {
        public Receipt {
            PharmacyRequests.kitNumbers("kitNumbers", kitNumbers);
            kitNumbers = kitNumbers == null ? null : List.copyOf(kitNumbers);
        }
    }

    /** Return, destroy, quarantine, release (from quarantine) or expire a kit, with the reason and its version as read. */
    public record KitAction(String action, String reason, Integer version) {
        public KitAction {
            Text.singleLine("action", action, 20);
            Text.multiLine("reason", reason);
        }
    }

    /** Dispenses the subject's kit at a treatment visit; {@code dispensedOn} defaults to today. */
    public record NewDispensing(String kitNumber, String subjectId, String visitId, LocalDate dispensedOn) {
        public NewDispensing {
            Text.singleLine("kitNumber", kitNumber, 20);
            Text.singleLine("subjectId", subjectId, 100);
            Text.singleLine("visitId", visitId, 40);
        }
    }
}
