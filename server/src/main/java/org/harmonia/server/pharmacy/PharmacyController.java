package org.harmonia.server.pharmacy;

import java.net.URI;
import java.util.List;
import org.harmonia.server.pharmacy.PharmacyViews.Batch;
import org.harmonia.server.pharmacy.PharmacyViews.Dispensing;
import org.harmonia.server.pharmacy.PharmacyViews.Kit;
import org.harmonia.server.pharmacy.PharmacyViews.KitDetail;
import org.harmonia.server.pharmacy.PharmacyViews.Shipment;
import org.harmonia.server.pharmacy.PharmacyViews.ShipmentRequest;
import org.harmonia.server.pharmacy.PharmacyViews.Stock;
import org.harmonia.server.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The pharmacy, for the unblinded pharmacist only: {@code /api/studies/{studyId}/pharmacy/...}. */
@RestController
@RequestMapping("/api/studies/{studyId}/pharmacy")
public class PharmacyController {
    private final PharmacyService pharmacy;

    public PharmacyController(PharmacyService pharmacy) {
        this.pharmacy = pharmacy;
    }

    @GetMapping("/stock")
    public Stock stock(Caller caller, @PathVariable String studyId) {
        return pharmacy.stock(studyId, caller);
    }

    @GetMapping("/kits")
    public List<Kit> kits(Caller caller, @PathVariable String studyId, @RequestParam(required = false) String siteId,
                          @RequestParam(required = false) String state) {
        return pharmacy.kits(studyId, siteId, state, caller);
    }

    @GetMapping("/kits/{kitNumber}")
    public KitDetail kit(Caller caller, @PathVariable String studyId, @PathVariable String kitNumber) {
        return pharmacy.kit(studyId, kitNumber, caller);
    }

    /** Return, destroy, quarantine, release from quarantine or expire a kit. */
    @PostMapping("/kits/{kitNumber}/actions")
    public Kit act(Caller caller, @PathVariable String studyId, @PathVariable String kitNumber,
                   @RequestBody(required = false) PharmacyRequests.KitAction request) {
        return pharmacy.act(studyId, kitNumber, request, caller);
    }

    @PostMapping("/kits/{kitNumber}/batch")
    public Kit linkBatch(Caller caller, @PathVariable String studyId, @PathVariable String kitNumber,
                         @RequestBody(required = false) PharmacyRequests.BatchLink request) {
        return pharmacy.linkBatch(studyId, kitNumber, request, caller);
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/batches")
    public ResponseEntity<Batch> recordBatch(Caller caller, @PathVariable String studyId,
                                             @RequestBody(required = false) PharmacyRequests.NewBatch request) {
        Batch batch = pharmacy.recordBatch(studyId, request, caller);
        return ResponseEntity.created(URI.create("/api/studies/" + studyId + "/pharmacy/batches/" + batch.batchId())).body(batch);
    }

    @GetMapping("/batches")
    public List<Batch> batches(Caller caller, @PathVariable String studyId) {
        return pharmacy.batches(studyId, caller);
    }

    @GetMapping("/batches/{batchId}")
    public Batch batch(Caller caller, @PathVariable String studyId, @PathVariable String batchId) {
        return pharmacy.batch(studyId, batchId, caller);
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/shipments")
    public ResponseEntity<Shipment> ship(Caller caller, @PathVariable String studyId,
                                         @RequestBody(required = false) PharmacyRequests.NewShipment request) {
        Shipment shipment = pharmacy.ship(studyId, request, caller);
        return ResponseEntity.created(URI.create("/api/studies/" + studyId + "/pharmacy/shipments/" + shipment.id())).body(shipment);
    }

    @GetMapping("/shipments")
    public List<Shipment> shipments(Caller caller, @PathVariable String studyId) {
        return pharmacy.shipments(studyId, caller);
    }

    @GetMapping("/shipments/{shipmentId}")
    public Shipment shipment(Caller caller, @PathVariable String studyId, @PathVariable long shipmentId) {
        return pharmacy.shipment(studyId, shipmentId, caller);
    }

    @PostMapping("/shipments/{shipmentId}/receipt")
    public Shipment receive(Caller caller, @PathVariable String studyId, @PathVariable long shipmentId,
                            @RequestBody(required = false) PharmacyRequests.Receipt request) {
        return pharmacy.receive(studyId, shipmentId, request, caller);
    }

    @GetMapping("/shipment-requests")
    public List<ShipmentRequest> shipmentRequests(Caller caller, @PathVariable String studyId,
                                                  @RequestParam(defaultValue = "false") boolean open) {
        return pharmacy.shipmentRequests(studyId, open, caller);
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/dispensings")
    public ResponseEntity<Dispensing> dispense(Caller caller, @PathVariable String studyId,
                                               @RequestBody(required = false) PharmacyRequests.NewDispensing request) {
        Dispensing d = pharmacy.dispense(studyId, request, caller);
        return ResponseEntity.created(URI.create("/api/studies/" + studyId + "/pharmacy/dispensings/" + d.id())).body(d);
    }

    @GetMapping("/dispensings")
    public List<Dispensing> dispensings(Caller caller, @PathVariable String studyId, @RequestParam(required = false) String subjectId) {
        return pharmacy.dispensings(studyId, subjectId, caller);
    }

    @GetMapping("/dispensings/{dispensingId}")
    public Dispensing dispensing(Caller caller, @PathVariable String studyId, @PathVariable long dispensingId) {
        return pharmacy.dispensing(studyId, dispensingId, caller);
    }
}
