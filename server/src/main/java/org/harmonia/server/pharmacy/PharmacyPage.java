package org.harmonia.server.pharmacy;

import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.server.web.PostedForm;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pharmacist's pages, {@code /studies/{studyId}/pharmacy/...}: stock by site with the shipment requests and the form
 * to ship kits, shipments to receive by entering the kit numbers, a site's kits, one kit (what it holds, its batch, its
 * history, dispensing it to its subject's visit, returning, quarantining, expiring or destroying it) and the MSC batches
 * with their release data. Everything goes through {@link PharmacyService} with the caller, as in the API, so a blinded
 * user gets 403 here exactly as there; its messages show next to their fields.
 */
@Controller
public class PharmacyPage {
    private final PharmacyService pharmacy;
    private final ProtocolCatalog catalog;
    private final PharmacyProperties limits;

    public PharmacyPage(PharmacyService pharmacy, ProtocolCatalog catalog, PharmacyProperties limits) {
        this.pharmacy = pharmacy;
        this.catalog = catalog;
        this.limits = limits;
    }

    @GetMapping("/studies/{studyId}/pharmacy")
    public String stock(Caller caller, @PathVariable String studyId, Model model) {
        common(studyId, model);
        model.addAttribute("stock", pharmacy.stock(studyId, caller));
        model.addAttribute("requests", pharmacy.shipmentRequests(studyId, false, caller));
        model.addAttribute("depotKits", pharmacy.kits(studyId, null, "AT_DEPOT", caller).stream().limit(12).map(PharmacyViews.Kit::kitNumber).toList());
        return "pharmacy/stock";
    }

    @PostMapping("/studies/{studyId}/pharmacy/shipments")
    public String ship(Caller caller, @PathVariable String studyId, @RequestParam(required = false) String siteId,
                       @RequestParam(required = false) String kitNumbers, Model model, HttpServletResponse response, RedirectAttributes flash) {
        return attempt(() -> {
            PharmacyViews.Shipment s = pharmacy.ship(studyId, new PharmacyRequests.NewShipment(PostedForm.orNull(siteId), numbers(kitNumbers)), caller);
            flash.addFlashAttribute("notice", "pharmacy.notice.shipped");
            flash.addFlashAttribute("noticeArgument", Long.toString(s.id()));
            return "redirect:/studies/" + studyId + "/pharmacy/shipments";
        }, model, response, Map.of("siteId", PostedForm.text(siteId), "kitNumbers", PostedForm.text(kitNumbers)), () -> stock(caller, studyId, model));
    }

    @GetMapping("/studies/{studyId}/pharmacy/shipments")
    public String shipments(Caller caller, @PathVariable String studyId, Model model) {
        common(studyId, model);
        model.addAttribute("shipments", pharmacy.shipments(studyId, caller));
        return "pharmacy/shipments";
    }

    @PostMapping("/studies/{studyId}/pharmacy/shipments/{shipmentId}/receipt")
    public String receive(Caller caller, @PathVariable String studyId, @PathVariable long shipmentId,
                          @RequestParam(required = false) String kitNumbers, Model model, HttpServletResponse response, RedirectAttributes flash) {
        model.addAttribute("failedShipment", shipmentId);
        return attempt(() -> {
            pharmacy.receive(studyId, shipmentId, new PharmacyRequests.Receipt(numbers(kitNumbers)), caller);
            flash.addFlashAttribute("notice", "pharmacy.notice.received");
            flash.addFlashAttribute("noticeArgument", Long.toString(shipmentId));
            return "redirect:/studies/" + studyId + "/pharmacy/shipments";
        }, model, response, Map.of("kitNumbers", PostedForm.text(kitNumbers)), () -> shipments(caller, studyId, model));
    }

    @GetMapping("/studies/{studyId}/pharmacy/kits")
    public String kits(Caller caller, @PathVariable String studyId, @RequestParam(required = false) String siteId, Model model) {
        common(studyId, model);
        String site = PostedForm.orNull(siteId);
        model.addAttribute("siteId", site);
        model.addAttribute("kits", site == null ? List.of() : pharmacy.kits(studyId, site, null, caller));
        model.addAttribute("stock", pharmacy.stock(studyId, caller));
        return "pharmacy/kits";
    }

    @GetMapping("/studies/{studyId}/pharmacy/kits/{kitNumber}")
    public String kit(Caller caller, @PathVariable String studyId, @PathVariable String kitNumber, Model model) {
        common(studyId, model);
        PharmacyViews.KitDetail kit = pharmacy.kit(studyId, kitNumber, caller);
        model.addAttribute("kit", kit);
        model.addAttribute("visits", pharmacy.dispensingVisits(catalog.require(studyId)));
        model.addAttribute("batches", pharmacy.batches(studyId, caller));
        model.addAttribute("actions", Arrays.stream(KitState.Action.values()).filter(a -> a.from.contains(kit.kit().state())).map(a -> a.word).toList());
        return "pharmacy/kit";
    }

    @PostMapping("/studies/{studyId}/pharmacy/kits/{kitNumber}/dispensing")
    public String dispense(Caller caller, @PathVariable String studyId, @PathVariable String kitNumber,
                           @RequestParam(required = false) String subjectId, @RequestParam(required = false) String visitId,
                           @RequestParam(required = false) String dispensedOn, Model model, HttpServletResponse response, RedirectAttributes flash) {
        model.addAttribute("failedForm", "dispense");
        return attempt(() -> {
            PostedForm form = new PostedForm();
            LocalDate on = form.date("dispensedOn", dispensedOn);
            form.check();
            PharmacyViews.Dispensing d = pharmacy.dispense(studyId, new PharmacyRequests.NewDispensing(kitNumber, PostedForm.orNull(subjectId),
                    PostedForm.orNull(visitId), on), caller);
            flash.addFlashAttribute("notice", "pharmacy.notice.dispensed");
            flash.addFlashAttribute("noticeArgument", d.subjectId() + " / " + d.visitId());
            return "redirect:/studies/" + studyId + "/pharmacy/kits/" + kitNumber;
        }, model, response, Map.of("subjectId", PostedForm.text(subjectId), "visitId", PostedForm.text(visitId),
                "dispensedOn", PostedForm.text(dispensedOn)), () -> kit(caller, studyId, kitNumber, model));
    }

    @PostMapping("/studies/{studyId}/pharmacy/kits/{kitNumber}/actions")
    public String act(Caller caller, @PathVariable String studyId, @PathVariable String kitNumber, @RequestParam(required = false) String action,
                      @RequestParam(required = false) String reason, @RequestParam(required = false) String version, Model model,
                      HttpServletResponse response, RedirectAttributes flash) {
        model.addAttribute("failedForm", "action");
        return attempt(() -> {
            pharmacy.act(studyId, kitNumber, new PharmacyRequests.KitAction(PostedForm.orNull(action), PostedForm.orNull(reason),
                    PostedForm.versionOf(version)), caller);
            flash.addFlashAttribute("notice", "pharmacy.notice.moved");
            flash.addFlashAttribute("noticeArgument", kitNumber);
            return "redirect:/studies/" + studyId + "/pharmacy/kits/" + kitNumber;
        }, model, response, Map.of("reason", PostedForm.text(reason)), () -> kit(caller, studyId, kitNumber, model));
    }

    @PostMapping("/studies/{studyId}/pharmacy/kits/{kitNumber}/batch")
    public String linkBatch(Caller caller, @PathVariable String studyId, @PathVariable String kitNumber,
                            @RequestParam(required = false) String batchId, @RequestParam(required = false) String version, Model model,
                            HttpServletResponse response, RedirectAttributes flash) {
        model.addAttribute("failedForm", "batch");
        return attempt(() -> {
            pharmacy.linkBatch(studyId, kitNumber, new PharmacyRequests.BatchLink(PostedForm.orNull(batchId), PostedForm.versionOf(version)), caller);
            flash.addFlashAttribute("notice", "pharmacy.notice.linked");
            flash.addFlashAttribute("noticeArgument", kitNumber);
            return "redirect:/studies/" + studyId + "/pharmacy/kits/" + kitNumber;
        }, model, response, Map.of(), () -> kit(caller, studyId, kitNumber, model));
    }

    @GetMapping("/studies/{studyId}/pharmacy/batches")
    public String batches(Caller caller, @PathVariable String studyId, Model model) {
        common(studyId, model);
        model.addAttribute("batches", pharmacy.batches(studyId, caller));
        model.addAttribute("limits", limits);
        return "pharmacy/batches";
    }

    @PostMapping("/studies/{studyId}/pharmacy/batches")
    public String recordBatch(Caller caller, @PathVariable String studyId, @RequestParam Map<String, String> posted, Model model,
                              HttpServletResponse response, RedirectAttributes flash) {
        Map<String, String> entered = new LinkedHashMap<>();
        for (String f : List.of("batchId", "source", "donor", "cellDosePerKg", "viabilityPercent", "releaseTestsPassed", "releaseDate", "expiryDate")) {
            entered.put(f, PostedForm.text(posted.get(f)));
        }
        return attempt(() -> {
            PostedForm form = new PostedForm();
            BigDecimal dose = form.decimal("cellDosePerKg", posted.get("cellDosePerKg"));
            BigDecimal viability = form.decimal("viabilityPercent", posted.get("viabilityPercent"));
            LocalDate released = form.date("releaseDate", posted.get("releaseDate"));
            LocalDate expiry = form.date("expiryDate", posted.get("expiryDate"));
            form.check();
            String passed = PostedForm.orNull(posted.get("releaseTestsPassed"));
            PharmacyViews.Batch b = pharmacy.recordBatch(studyId, new PharmacyRequests.NewBatch(PostedForm.orNull(posted.get("batchId")),
                    PostedForm.orNull(posted.get("source")), PostedForm.orNull(posted.get("donor")), dose, viability,
                    passed == null ? null : Boolean.valueOf(passed.equals("true")), released, expiry), caller);
            flash.addFlashAttribute("notice", "pharmacy.notice.batch");
            flash.addFlashAttribute("noticeArgument", b.batchId());
            return "redirect:/studies/" + studyId + "/pharmacy/batches";
        }, model, response, entered, () -> batches(caller, studyId, model));
    }

    /** Runs a change; on a refusal shows the page again with the messages next to their fields and the entered values. */
    private String attempt(Supplier<String> change, Model model, HttpServletResponse response, Map<String, String> entered, Supplier<String> page) {
        try {
            return change.get();
        } catch (InvalidInputException | ConflictException | NotFoundException e) {
            response.setStatus(e instanceof InvalidInputException ? HttpStatus.UNPROCESSABLE_CONTENT.value()
                    : e instanceof NotFoundException ? HttpStatus.NOT_FOUND.value() : HttpStatus.CONFLICT.value());
            model.addAttribute("errors", e instanceof InvalidInputException i ? i.messagesByField() : Map.of("", e.getMessage()));
            model.addAttribute("entered", entered);
            return page.get();
        }
    }

    private void common(String studyId, Model model) {
        model.addAttribute("studyId", studyId);
        model.addAttribute("studyTitle", catalog.require(studyId).title());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        if (!model.containsAttribute("entered")) {
            model.addAttribute("entered", Map.of());
        }
    }

    /** Kit numbers as scanned or typed: one per line, or separated by spaces or commas. */
    static List<String> numbers(String posted) {
        if (posted == null || posted.isBlank()) {
            return null;
        }
        return Arrays.stream(posted.split("[\\s,;]+")).filter(s -> !s.isEmpty()).toList();
    }
}
