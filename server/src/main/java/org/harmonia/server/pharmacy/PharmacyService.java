package org.harmonia.server.pharmacy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.harmonia.server.audit.AuditAction;
import org.harmonia.server.audit.AuditEvent;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.pharmacy.PharmacyRepository.BatchRow;
import org.harmonia.server.pharmacy.PharmacyRepository.SubjectRow;
import org.harmonia.server.pharmacy.PharmacyViews.Batch;
import org.harmonia.server.pharmacy.PharmacyViews.Dispensing;
import org.harmonia.server.pharmacy.PharmacyViews.Kit;
import org.harmonia.server.pharmacy.PharmacyViews.KitDetail;
import org.harmonia.server.pharmacy.PharmacyViews.Shipment;
import org.harmonia.server.pharmacy.PharmacyViews.ShipmentRequest;
import org.harmonia.server.pharmacy.PharmacyViews.SiteStock;
import org.harmonia.server.pharmacy.PharmacyViews.Stock;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.randomisation.RandomisationService;
import org.harmonia.server.randomisation.RandomisationViews.KitView;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.trial.protocol.Activity;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Visit;
import org.harmonia.trial.randomisation.KitNumber;
import org.harmonia.trial.randomisation.RandomisationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The unblinded pharmacist's work: MSC batches and their release, shipments from the depot and their receipt at the
 * sites, dispensing a subject's kit at a treatment visit, returns, quarantine, expiry and destruction, and the shipment
 * requests a site's low stock raises. Every transition is a {@code kit_event} and an audit row; nothing is deleted.
 * The audit rows name kits, sites, subjects, visits and batches, never a sequence: blinded monitors read the trail,
 * and every kit of a study carries a batch alike. Everything here needs {@link Permission#DISPENSE}.
 */
@Service
public class PharmacyService {
    static final String KIT = "kit";
    static final String BATCH = "msc_batch";
    static final String SHIPMENT = "shipment";
    /** A form field of this name records which kit an infusion used: the protocol's forms that carry it are infusion records. */
    static final String KIT_FIELD = "kit_number";

    private final ProtocolCatalog catalog;
    private final PharmacyRepository repository;
    private final RandomisationService randomisation;
    private final AuditTrail audit;
    private final PharmacyProperties properties;
    private final Clock clock;

    public PharmacyService(ProtocolCatalog catalog, PharmacyRepository repository, RandomisationService randomisation, AuditTrail audit,
                           PharmacyProperties properties, Clock clock) {
        this.catalog = catalog;
        this.repository = repository;
        this.randomisation = randomisation;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    private Protocol require(String studyId, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        caller.require(studyId, Permission.DISPENSE);
        return protocol;
    }

    // stock and kits

    public Stock stock(String studyId, Caller caller) {
        Protocol protocol = require(studyId, caller);
        Map<String, Map<KitState, Integer>> counts = repository.countsBySite(studyId);
        Map<String, String> names = repository.siteNames(studyId);
        Map<String, Long> open = new java.util.HashMap<>();
        for (ShipmentRequest r : repository.requests(studyId, true)) {
            open.put(r.siteId(), r.id());
        }
        List<SiteStock> sites = new ArrayList<>();
        for (String siteId : protocol.siteIds()) {
            Map<KitState, Integer> byState = new java.util.EnumMap<>(KitState.class);
            int usable = 0;
            for (KitState s : KitState.values()) {
                if (s != KitState.AT_DEPOT) {
                    int n = counts.getOrDefault(siteId, Map.of()).getOrDefault(s, 0);
                    byState.put(s, n);
                    usable += s.usable() ? n : 0;
                }
            }
            sites.add(new SiteStock(siteId, names.getOrDefault(siteId, siteId), byState, usable, properties.resupplyThreshold(), open.get(siteId)));
        }
        return new Stock(repository.atDepot(studyId), sites);
    }

    public List<Kit> kits(String studyId, String siteId, String state, Caller caller) {
        Protocol protocol = require(studyId, caller);
        List<FieldError> errors = new ArrayList<>();
        KitState kitState = null;
        if (state != null && !state.isBlank()) {
            try {
                kitState = KitState.valueOf(state.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("state", "\"" + state + "\" is not a kit state: " + states()));
            }
        }
        if (siteId != null && !siteId.isBlank() && !protocol.siteIds().contains(siteId.strip())) {
            errors.add(new FieldError("siteId", "no site \"" + siteId + "\" in study " + studyId));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return repository.kits(studyId, siteId == null || siteId.isBlank() ? null : siteId.strip(), kitState);
    }

    private static String states() {
        return String.join(", ", java.util.Arrays.stream(KitState.values()).map(Enum::name).toList());
    }

    public KitDetail kit(String studyId, String kitNumber, Caller caller) {
        Protocol protocol = require(studyId, caller);
        Kit kit = repository.kit(studyId, kitNumber).orElseThrow(() -> noKit(studyId, kitNumber));
        KitView contents = randomisation.kit(studyId, kitNumber, caller);
        Batch batch = kit.batchId() == null ? null : batch(repository.batch(studyId, kit.batchId()).orElseThrow());
        return new KitDetail(kit, contents.sequenceId(), contents.sequenceLabel(), contents.armsByPeriod(), contents.subjectId(), batch,
                repository.events(studyId, kitNumber), repository.dispensings(studyId, kitForms(protocol), null, kitNumber, null));
    }

    @Transactional
    public Kit act(String studyId, String kitNumber, PharmacyRequests.KitAction request, Caller caller) {
        require(studyId, caller);
        List<FieldError> errors = new ArrayList<>();
        KitState.Action action = request == null ? null : KitState.Action.parse(request.action()).orElse(null);
        if (action == null) {
            errors.add(new FieldError("action", request == null || request.action() == null ? "is required: " + KitState.Action.words()
                    : "\"" + request.action() + "\" is not one of " + KitState.Action.words()));
        }
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            errors.add(new FieldError("reason", "is required: why the kit is " + (action == null ? "moved" : action.done)));
        }
        if (request == null || request.version() == null) {
            errors.add(new FieldError("version", "is required: the version of the kit you read"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Kit kit = repository.kitForUpdate(studyId, kitNumber).orElseThrow(() -> noKit(studyId, kitNumber));
        if (!action.from.contains(kit.state())) {
            throw new ConflictException("kit " + kitNumber + " is " + words(kit.state()) + "; it can be " + action.done + " only when it is " + String.join(" or ", action.from.stream().map(PharmacyService::words).toList()),
                    kit.version());
        }
        checkVersion(kit, request.version());
        KitState to = action.to != null ? action.to : kit.siteId() == null ? KitState.AT_DEPOT : KitState.RECEIVED;
        move(studyId, kit, to, kit.siteId(), kit.batchId(), kit.shipmentId(), kit.subjectId(), action.word, request.reason().strip(), caller);
        if (kit.siteId() != null) {
            resupply(studyId, kit.siteId(), caller);
        }
        return repository.kit(studyId, kitNumber).orElseThrow();
    }

    @Transactional
    public Kit linkBatch(String studyId, String kitNumber, PharmacyRequests.BatchLink request, Caller caller) {
        require(studyId, caller);
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.batchId() == null || request.batchId().isBlank()) {
            errors.add(new FieldError("batchId", "is required: the MSC batch whose cells the kit holds"));
        }
        if (request == null || request.version() == null) {
            errors.add(new FieldError("version", "is required: the version of the kit you read"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        String batchId = request.batchId().strip();
        Kit kit = repository.kitForUpdate(studyId, kitNumber).orElseThrow(() -> noKit(studyId, kitNumber));
        BatchRow batch = repository.batch(studyId, batchId)
                .orElseThrow(() -> new InvalidInputException("batchId", "no batch \"" + batchId + "\" in study " + studyId));
        if (kit.state() == KitState.DISPENSED || kit.state() == KitState.RETURNED || kit.state() == KitState.DESTROYED) {
            throw new ConflictException("kit " + kitNumber + " is " + words(kit.state()) + "; its batch can no longer change", kit.version());
        }
        checkVersion(kit, request.version());
        // autologous cells go to their donor only: the kit must be the one the donor's randomisation named
        if ("AUTOLOGOUS".equals(batch.source())) {
            if (!repository.allocatedKit(studyId, batch.donor()).map(kitNumber::equals).orElse(false)) {
                throw new ConflictException("batch " + batchId + " holds the autologous cells of " + batch.donor() + "; kit " + kitNumber
                        + " is not that subject's kit", kit.version());
            }
        }
        move(studyId, kit, kit.state(), kit.siteId(), batchId, kit.shipmentId(), kit.subjectId(), "batch", null, caller);
        audit.record(AuditEvent.of(caller.username(), AuditAction.of("KIT_BATCH_LINKED"), studyId, kit.siteId(), KIT, kitNumber,
                "kit " + kitNumber + " holds batch " + batchId, null));
        return repository.kit(studyId, kitNumber).orElseThrow();
    }

    private void checkVersion(Kit kit, int version) {
        if (version != kit.version()) {
            throw new ConflictException("kit " + kit.kitNumber() + " was changed by someone else (version " + kit.version() + ", not "
                    + version + ")", kit.version());
        }
    }

    /** Moves a kit and records the transition: a kit event, and an audit row unless the caller writes its own. */
    private void move(String studyId, Kit kit, KitState to, String siteId, String batchId, Long shipmentId, String subjectId, String event,
                      String reason, Caller caller) {
        if (!repository.move(studyId, kit, to, siteId, batchId, shipmentId, subjectId, caller.username())) {
            throw new ConflictException("kit " + kit.kitNumber() + " was changed by someone else; read it again", kit.version());
        }
        repository.event(studyId, kit.kitNumber(), event, kit.state(), to, siteId, shipmentId, reason, caller.username());
        if (!event.equals("batch")) {
            audit.record(AuditEvent.of(caller.username(), AuditAction.of("KIT_" + event.toUpperCase(java.util.Locale.ROOT)), studyId, siteId,
                    KIT, kit.kitNumber(), "kit " + kit.kitNumber() + ": " + kit.state() + " -> " + to
                            + (siteId == null ? "" : ", site " + siteId) + (shipmentId == null ? "" : ", shipment " + shipmentId), reason));
        }
    }

    // batches

    @Transactional
    public Batch recordBatch(String studyId, PharmacyRequests.NewBatch request, Caller caller) {
        require(studyId, caller);
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw new InvalidInputException("batchId", "a batch needs batchId, source, donor, cellDosePerKg, viabilityPercent, "
                    + "releaseTestsPassed and expiryDate");
        }
        if (request.batchId() == null || request.batchId().isBlank()) {
            errors.add(new FieldError("batchId", "is required: the batch number on the certificate of analysis"));
        }
        if (request.source() == null || !Set.of("AUTOLOGOUS", "ALLOGENEIC").contains(request.source())) {
            errors.add(new FieldError("source", "is required: AUTOLOGOUS or ALLOGENEIC"));
        }
        if (request.donor() == null || request.donor().isBlank()) {
            errors.add(new FieldError("donor", "is required: the subject whose own cells these are, or the donor's code"));
        } else if ("AUTOLOGOUS".equals(request.source()) && repository.subject(studyId, request.donor().strip()).isEmpty()) {
            errors.add(new FieldError("donor", "autologous cells come from a subject of the study; no subject \"" + request.donor() + "\""));
        }
        if (request.cellDosePerKg() == null || request.cellDosePerKg().signum() <= 0 || request.cellDosePerKg().compareTo(BigDecimal.valueOf(1e9)) > 0) {
            errors.add(new FieldError("cellDosePerKg", "is required: cells per kg of body weight, above 0 and at most 1e9"));
        }
        if (request.viabilityPercent() == null || request.viabilityPercent().signum() < 0
                || request.viabilityPercent().compareTo(BigDecimal.valueOf(100)) > 0 || request.viabilityPercent().scale() > 2) {
            errors.add(new FieldError("viabilityPercent", "is required: from 0 to 100, at most two decimals"));
        }
        if (request.releaseTestsPassed() == null) {
            errors.add(new FieldError("releaseTestsPassed", "is required: true when sterility, endotoxin, mycoplasma and identity passed"));
        }
        if (request.expiryDate() == null) {
            errors.add(new FieldError("expiryDate", "is required"));
        } else if (request.releaseDate() != null && request.expiryDate().isBefore(request.releaseDate())) {
            errors.add(new FieldError("expiryDate", "is before the release date " + request.releaseDate()));
        }
        if (request.releaseDate() != null && request.releaseDate().isAfter(LocalDate.now(clock))) {
            errors.add(new FieldError("releaseDate", "is in the future; record the release when it happened"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (!repository.insertBatch(studyId, request, caller.username())) {
            throw new ConflictException("batch " + request.batchId().strip() + " is already recorded in study " + studyId);
        }
        Batch batch = batch(repository.batch(studyId, request.batchId().strip()).orElseThrow());
        audit.record(AuditEvent.of(caller.username(), AuditAction.of("BATCH_RECORDED"), studyId, null, BATCH, batch.batchId(),
                "batch " + batch.batchId() + ": " + batch.source() + ", donor " + batch.donor() + ", " + batch.cellDosePerKg().toPlainString()
                        + " cells/kg, viability " + batch.viabilityPercent().toPlainString() + "%, release tests "
                        + (batch.releaseTestsPassed() ? "passed" : "not passed") + ", released " + batch.releaseDate() + ", expires "
                        + batch.expiryDate(), null));
        return batch;
    }

    public List<Batch> batches(String studyId, Caller caller) {
        require(studyId, caller);
        return repository.batches(studyId).stream().map(this::batch).toList();
    }

    public Batch batch(String studyId, String batchId, Caller caller) {
        require(studyId, caller);
        return repository.batch(studyId, batchId).map(this::batch)
                .orElseThrow(() -> new NotFoundException("no batch " + batchId + " in study " + studyId));
    }

    private Batch batch(BatchRow b) {
        List<String> problems = releaseProblems(b, LocalDate.now(clock));
        return new Batch(b.batchId(), b.source(), b.donor(), b.cellDosePerKg(), b.viabilityPercent(), b.releaseTestsPassed(), b.releaseDate(),
                b.expiryDate(), properties.minViabilityPercent(), properties.releaseLimitSource(), problems.isEmpty(), problems, b.kits(),
                b.recordedAt(), b.recordedBy());
    }

    /** Why a batch may not be given on that day; empty when it may. */
    private List<String> releaseProblems(BatchRow b, LocalDate on) {
        List<String> problems = new ArrayList<>();
        if (!b.releaseTestsPassed()) {
            problems.add("its release tests have not passed");
        }
        if (b.viabilityPercent().compareTo(properties.minViabilityPercent()) < 0) {
            problems.add("its viability " + b.viabilityPercent().toPlainString() + "% is below the release limit of "
                    + properties.minViabilityPercent().toPlainString() + "%");
        }
        if (b.releaseDate() == null) {
            problems.add("it has not been released");
        } else if (b.releaseDate().isAfter(on)) {
            problems.add("it is released only on " + b.releaseDate());
        }
        if (b.expiryDate().isBefore(on)) {
            problems.add("it expired on " + b.expiryDate());
        }
        return problems;
    }

    // shipments

    @Transactional
    public Shipment ship(String studyId, PharmacyRequests.NewShipment request, Caller caller) {
        Protocol protocol = require(studyId, caller);
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.siteId() == null || request.siteId().isBlank()) {
            errors.add(new FieldError("siteId", "is required: the site the kits go to"));
        } else if (!protocol.siteIds().contains(request.siteId().strip())) {
            errors.add(new FieldError("siteId", "no site \"" + request.siteId() + "\" in study " + studyId));
        }
        List<String> numbers = kitNumbers(request == null ? null : request.kitNumbers(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        String siteId = request.siteId().strip();
        long shipmentId = repository.insertShipment(studyId, siteId, caller.username());
        for (String number : numbers) {
            Kit kit = repository.kitForUpdate(studyId, number).orElseThrow(() -> new InvalidInputException("kitNumbers",
                    "no kit " + number + " in study " + studyId));
            if (kit.state() != KitState.AT_DEPOT) {
                throw new ConflictException("kit " + number + " is " + words(kit.state()) + "; only kits at the depot can be shipped");
            }
            move(studyId, kit, KitState.SHIPPED, siteId, kit.batchId(), shipmentId, kit.subjectId(), "ship", null, caller);
        }
        audit.record(AuditEvent.of(caller.username(), AuditAction.of("SHIPMENT_SENT"), studyId, siteId, SHIPMENT, Long.toString(shipmentId),
                numbers.size() + " kits to site " + siteId, null));
        repository.fulfilRequest(studyId, siteId, shipmentId).ifPresent(id -> audit.record(AuditEvent.of(caller.username(),
                AuditAction.of("SHIPMENT_REQUEST_SHIPPED"), studyId, siteId, "shipment_request", Long.toString(id), "shipment " + shipmentId, null)));
        return repository.shipment(studyId, shipmentId).orElseThrow();
    }

    /** Receives the kits of a shipment whose numbers the site entered; the others stay on their way. */
    @Transactional
    public Shipment receive(String studyId, long shipmentId, PharmacyRequests.Receipt request, Caller caller) {
        require(studyId, caller);
        Shipment shipment = repository.shipment(studyId, shipmentId)
                .orElseThrow(() -> new NotFoundException("no shipment " + shipmentId + " in study " + studyId));
        List<FieldError> errors = new ArrayList<>();
        List<String> numbers = kitNumbers(request == null ? null : request.kitNumbers(), errors);
        for (int i = 0; i < numbers.size() && errors.isEmpty(); i++) {
            if (!shipment.kitNumbers().contains(numbers.get(i))) {
                errors.add(new FieldError("kitNumbers[" + i + "]", "kit " + numbers.get(i) + " did not come in shipment " + shipmentId));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (!"SHIPPED".equals(shipment.status())) {
            throw new ConflictException("shipment " + shipmentId + " was received in full by " + shipment.receivedBy() + " at "
                    + shipment.receivedAt());
        }
        for (String number : numbers) {
            Kit kit = repository.kitForUpdate(studyId, number).orElseThrow();
            if (kit.state() != KitState.SHIPPED || !Long.valueOf(shipmentId).equals(kit.shipmentId())) {
                throw new ConflictException("kit " + number + " is " + words(kit.state()) + ", not on its way in shipment " + shipmentId);
            }
            move(studyId, kit, KitState.RECEIVED, kit.siteId(), kit.batchId(), shipmentId, kit.subjectId(), "receive", null, caller);
        }
        Shipment now = repository.shipment(studyId, shipmentId).orElseThrow();
        if (!now.kitsToReceive().isEmpty()) {
            return now;
        }
        repository.shipmentReceived(shipmentId, caller.username());
        audit.record(AuditEvent.of(caller.username(), AuditAction.of("SHIPMENT_RECEIVED"), studyId, shipment.siteId(), SHIPMENT,
                Long.toString(shipmentId), shipment.kitNumbers().size() + " kits at site " + shipment.siteId(), null));
        return repository.shipment(studyId, shipmentId).orElseThrow();
    }

    public List<Shipment> shipments(String studyId, Caller caller) {
        require(studyId, caller);
        return repository.shipments(studyId, null);
    }

    public Shipment shipment(String studyId, long shipmentId, Caller caller) {
        require(studyId, caller);
        return repository.shipment(studyId, shipmentId).orElseThrow(() -> new NotFoundException("no shipment " + shipmentId + " in study " + studyId));
    }

    public List<ShipmentRequest> shipmentRequests(String studyId, boolean openOnly, Caller caller) {
        require(studyId, caller);
        return repository.requests(studyId, openOnly);
    }

    /** Raises a shipment request when the site's usable kits fell below the threshold and none is open yet. */
    private void resupply(String studyId, String siteId, Caller caller) {
        int usable = repository.usableKits(studyId, siteId);
        if (usable >= properties.resupplyThreshold()) {
            return;
        }
        repository.raiseRequest(studyId, siteId, usable, properties.resupplyThreshold(), properties.resupplyKits(), caller.username())
                .ifPresent(id -> audit.record(AuditEvent.of(caller.username(), AuditAction.of("SHIPMENT_REQUESTED"), studyId, siteId,
                        "shipment_request", Long.toString(id), "site " + siteId + " holds " + usable + " usable kits, below "
                                + properties.resupplyThreshold() + "; " + properties.resupplyKits() + " kits wanted", null)));
    }

    /** The entered kit numbers, stripped, each with a valid check digit, none twice; problems go to {@code errors}. */
    private static List<String> kitNumbers(List<String> entered, List<FieldError> errors) {
        if (entered == null || entered.isEmpty()) {
            errors.add(new FieldError("kitNumbers", "is required: at least one kit number"));
            return List.of();
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < entered.size(); i++) {
            String number = entered.get(i) == null ? "" : entered.get(i).strip();
            try {
                new KitNumber(number);
            } catch (RandomisationException e) {
                errors.add(new FieldError("kitNumbers[" + i + "]", e.getMessage()));
                continue;
            }
            if (!seen.add(number)) {
                errors.add(new FieldError("kitNumbers[" + i + "]", "kit " + number + " is entered twice"));
            }
        }
        return new ArrayList<>(seen);
    }

    // dispensing

    /**
     * Dispenses the subject's own kit (the one its randomisation named) at a treatment visit: the kit must be at the
     * subject's site, received (or already with this subject from an earlier treatment visit: a crossover kit holds
     * every period's product), and its batch released, not expired, and for autologous cells the subject's own.
     */
    @Transactional
    public Dispensing dispense(String studyId, PharmacyRequests.NewDispensing request, Caller caller) {
        Protocol protocol = require(studyId, caller);
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.kitNumber() == null || request.kitNumber().isBlank()) {
            errors.add(new FieldError("kitNumber", "is required"));
        }
        if (request == null || request.subjectId() == null || request.subjectId().isBlank()) {
            errors.add(new FieldError("subjectId", "is required"));
        }
        Set<String> visits = dispensingVisits(protocol);
        if (request == null || request.visitId() == null || request.visitId().isBlank()) {
            errors.add(new FieldError("visitId", "is required: one of " + String.join(", ", visits)));
        } else if (!visits.contains(request.visitId().strip())) {
            errors.add(new FieldError("visitId", "\"" + request.visitId() + "\" is not a treatment visit; the protocol gives the study "
                    + "treatment at " + String.join(", ", visits)));
        }
        LocalDate today = LocalDate.now(clock);
        if (request != null && request.dispensedOn() != null && request.dispensedOn().isAfter(today)) {
            errors.add(new FieldError("dispensedOn", "is in the future"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        String kitNumber = request.kitNumber().strip();
        String subjectId = request.subjectId().strip();
        String visitId = request.visitId().strip();
        LocalDate on = request.dispensedOn() == null ? today : request.dispensedOn();
        SubjectRow subject = repository.subject(studyId, subjectId)
                .orElseThrow(() -> new NotFoundException("no subject " + subjectId + " in study " + studyId));
        Kit kit = repository.kitForUpdate(studyId, kitNumber).orElseThrow(() -> noKit(studyId, kitNumber));
        String allocated = repository.allocatedKit(studyId, subjectId)
                .orElseThrow(() -> new ConflictException("subject " + subjectId + " is not randomised; it has no kit to dispense"));
        if (Set.of("WITHDRAWN", "COMPLETED").contains(subject.status())) {
            throw new ConflictException("subject " + subjectId + " is " + subject.status().toLowerCase(java.util.Locale.ROOT)
                    + "; no kit is dispensed to it");
        }
        if (!allocated.equals(kitNumber)) {
            throw new ConflictException("kit " + kitNumber + " is not subject " + subjectId + "'s kit: its randomisation named kit " + allocated);
        }
        if (repository.dispensedAt(studyId, subjectId, visitId)) {
            throw new ConflictException("subject " + subjectId + " was already dispensed its kit at visit " + visitId);
        }
        boolean firstDispensing = kit.state() == KitState.RECEIVED;
        boolean laterPeriod = kit.state() == KitState.DISPENSED && subjectId.equals(kit.subjectId());
        if (!firstDispensing && !laterPeriod) {
            throw new ConflictException("kit " + kitNumber + " is " + words(kit.state()) + "; a kit is dispensed once received at the site",
                    kit.version());
        }
        if (!subject.siteId().equals(kit.siteId())) {
            throw new ConflictException("kit " + kitNumber + " is at site " + kit.siteId() + ", not at subject " + subjectId + "'s site "
                    + subject.siteId(), kit.version());
        }
        if (kit.batchId() == null) {
            throw new ConflictException("kit " + kitNumber + " has no MSC batch linked; link the batch whose cells it holds first", kit.version());
        }
        BatchRow batch = repository.batch(studyId, kit.batchId()).orElseThrow();
        List<String> problems = releaseProblems(batch, on);
        if (!problems.isEmpty()) {
            throw new ConflictException("batch " + batch.batchId() + " of kit " + kitNumber + " may not be given: " + String.join("; ", problems),
                    kit.version());
        }
        if ("AUTOLOGOUS".equals(batch.source()) && !batch.donor().equals(subjectId)) {
            throw new ConflictException("batch " + batch.batchId() + " holds the autologous cells of " + batch.donor() + ", not of " + subjectId,
                    kit.version());
        }
        long id = repository.insertDispensing(studyId, kitNumber, batch.batchId(), subject, visitId, on, caller.username());
        if (firstDispensing) {
            move(studyId, kit, KitState.DISPENSED, kit.siteId(), kit.batchId(), kit.shipmentId(), subjectId, "dispense", null, caller);
        } else {
            repository.event(studyId, kitNumber, "dispense", kit.state(), kit.state(), kit.siteId(), null, null, caller.username());
        }
        audit.record(AuditEvent.of(caller.username(), AuditAction.of("KIT_DISPENSED"), studyId, subject.siteId(), "dispensing", Long.toString(id),
                "kit " + kitNumber + " (batch " + batch.batchId() + ") to subject " + subjectId + " at visit " + visitId + " on " + on, null));
        resupply(studyId, subject.siteId(), caller);
        return repository.dispensings(studyId, kitForms(protocol), null, null, id).get(0);
    }

    public List<Dispensing> dispensings(String studyId, String subjectId, Caller caller) {
        Protocol protocol = require(studyId, caller);
        return repository.dispensings(studyId, kitForms(protocol), subjectId == null || subjectId.isBlank() ? null : subjectId.strip(), null, null);
    }

    public Dispensing dispensing(String studyId, long id, Caller caller) {
        Protocol protocol = require(studyId, caller);
        return repository.dispensings(studyId, kitForms(protocol), null, null, id).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("no dispensing " + id + " in study " + studyId));
    }

    /** The visits at which the protocol records an infusion: those with an activity whose form carries a kit number. */
    public Set<String> dispensingVisits(Protocol protocol) {
        Set<String> forms = kitForms(protocol);
        Set<String> visits = new LinkedHashSet<>();
        for (Visit v : protocol.visits()) {
            for (Activity a : protocol.activitiesAt(v.id())) {
                if (a.form() != null && forms.contains(a.form())) {
                    visits.add(v.id());
                }
            }
        }
        return visits;
    }

    static Set<String> kitForms(Protocol protocol) {
        Set<String> forms = new HashSet<>();
        protocol.forms().stream().filter(f -> f.fields().stream().anyMatch(x -> KIT_FIELD.equals(x.name()))).forEach(f -> forms.add(f.id()));
        return forms;
    }

    private static NotFoundException noKit(String studyId, String kitNumber) {
        return new NotFoundException("no kit " + kitNumber + " in study " + studyId);
    }

    private static String words(KitState state) {
        return switch (state) {
            case AT_DEPOT -> "at the depot";
            case SHIPPED -> "shipped";
            case RECEIVED -> "received at its site";
            case DISPENSED -> "dispensed";
            case RETURNED -> "returned";
            case DESTROYED -> "destroyed";
            case QUARANTINED -> "quarantined";
            case EXPIRED -> "expired";
        } + " (" + state + ")";
    }
}
