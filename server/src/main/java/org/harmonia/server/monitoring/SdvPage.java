package org.harmonia.server.monitoring;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.visits.FormRecord;
import org.harmonia.server.visits.FormService;
import org.harmonia.server.web.PostedForm;
import org.harmonia.server.web.SiteChoice;
import org.harmonia.server.web.SiteChoices;
import org.harmonia.trial.forms.FormDefinition;
import org.harmonia.trial.forms.FormField;
import org.harmonia.trial.protocol.Protocol;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The monitor's pages: progress by site and visit ({@code /studies/{studyId}/sdv}), a site's work list
 * ({@code /studies/{studyId}/sites/{siteId}/sdv}) and the verification of a visit's records
 * ({@code /studies/{studyId}/subjects/{subjectId}/visits/{visitId}/sdv}) or of one record tied to no visit
 * ({@code /studies/{studyId}/form-records/{recordId}/sdv}). Everything goes through {@link SdvService} as in the API.
 */
@Controller
public class SdvPage {
    private final SdvService sdv;
    private final FormService forms;
    private final ProtocolCatalog catalog;
    private final SiteChoices sites;

    public SdvPage(SdvService sdv, FormService forms, ProtocolCatalog catalog, SiteChoices sites) {
        this.sdv = sdv;
        this.forms = forms;
        this.catalog = catalog;
        this.sites = sites;
    }

    /** One field of a record on the verification page: its value and whether a live verification covers it. */
    public record FieldRow(String name, String label, String value, boolean verified, boolean removed) {
    }

    /** One record on the verification page. */
    public record RecordView(FormRecord record, FormDefinition form, List<FieldRow> fields, boolean wholeVerified,
                             boolean removed, List<Verification> verifications) {
    }

    @GetMapping("/studies/{studyId}/sdv")
    public String progress(Caller caller, @PathVariable String studyId, Model model) {
        Protocol protocol = catalog.require(studyId);
        model.addAttribute("studyId", studyId);
        model.addAttribute("rows", sdv.progress(studyId, caller));
        model.addAttribute("siteChoices", sites.of(caller).stream().filter(s -> s.studyId().equals(studyId)).toList());
        model.addAttribute("plan", protocol.sourceDataVerification());
        return "monitoring/progress";
    }

    @GetMapping("/studies/{studyId}/sites/{siteId}/sdv")
    public String workList(Caller caller, @PathVariable String studyId, @PathVariable String siteId,
                           @RequestParam(required = false) String all, Model model) {
        boolean everything = SdvController.flag("all", all);
        List<WorkItem> items = sdv.workList(studyId, siteId, everything, caller);
        model.addAttribute("site", site(caller, studyId, siteId));
        model.addAttribute("canScreen", caller.has(studyId, Permission.SCREEN_AND_ENROL));
        model.addAttribute("items", items);
        model.addAttribute("reverify", items.stream().filter(i -> i.status() == WorkItem.Status.REVERIFY).toList());
        model.addAttribute("all", everything);
        model.addAttribute("findings", sdv.findings(studyId, siteId, null, null, caller));
        return "monitoring/work-list";
    }

    @GetMapping("/studies/{studyId}/subjects/{subjectId}/visits/{visitId}/sdv")
    public String visit(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, @PathVariable String visitId,
                        Model model) {
        Protocol protocol = catalog.require(studyId);
        List<FormRecord> records = sdv.atVisit(protocol, subjectId, visitId, caller);
        String siteId = forms.bySubject(studyId, subjectId, false, caller).stream().findFirst().map(FormRecord::siteId).orElse(null);
        model.addAttribute("visitLabel", MonitoringVisitReport.visit(protocol, visitId));
        model.addAttribute("visitId", visitId);
        return page(caller, protocol, subjectId, siteId, records, address(studyId, subjectId, visitId), model);
    }

    @GetMapping("/studies/{studyId}/form-records/{recordId}/sdv")
    public String record(Caller caller, @PathVariable String studyId, @PathVariable long recordId, Model model) {
        Protocol protocol = catalog.require(studyId);
        FormRecord r = forms.get(studyId, recordId, caller);
        return page(caller, protocol, r.subjectId(), r.siteId(), List.of(r), "/studies/" + studyId + "/form-records/" + recordId + "/sdv",
                model);
    }

    @PostMapping("/studies/{studyId}/subjects/{subjectId}/visits/{visitId}/sdv")
    public String verifyAtVisit(Caller caller, @PathVariable String studyId, @PathVariable String subjectId,
                                @PathVariable String visitId, @RequestParam(required = false) String scope,
                                @RequestParam(required = false) String record, @RequestParam(required = false) List<String> field,
                                Model model, HttpServletResponse response, RedirectAttributes flash) {
        SdvRequests.Verify request = "visit".equals(scope) ? new SdvRequests.Verify(null, null, subjectId, visitId)
                : new SdvRequests.Verify(recordId(record), "fields".equals(scope) ? field == null ? List.of() : field : null, null, null);
        return verify(caller, studyId, request, address(studyId, subjectId, visitId), flash,
                () -> visit(caller, studyId, subjectId, visitId, model), model, response);
    }

    @PostMapping("/studies/{studyId}/form-records/{recordId}/sdv")
    public String verifyRecord(Caller caller, @PathVariable String studyId, @PathVariable long recordId,
                               @RequestParam(required = false) String scope, @RequestParam(required = false) List<String> field,
                               Model model, HttpServletResponse response, RedirectAttributes flash) {
        SdvRequests.Verify request = new SdvRequests.Verify(recordId, "fields".equals(scope) ? field == null ? List.of() : field : null,
                null, null);
        return verify(caller, studyId, request, "/studies/" + studyId + "/form-records/" + recordId + "/sdv", flash,
                () -> record(caller, studyId, recordId, model), model, response);
    }

    @PostMapping("/studies/{studyId}/sdv/findings")
    public String finding(Caller caller, @PathVariable String studyId, @RequestParam(required = false) String record,
                          @RequestParam(required = false) String field, @RequestParam(required = false) String finding,
                          @RequestParam(required = false) String returnTo, Model model, HttpServletResponse response,
                          RedirectAttributes flash) {
        String back = returnTo != null && returnTo.matches("/studies/[A-Za-z0-9_-]+/[A-Za-z0-9_/-]+/sdv") ? returnTo : "/studies/" + studyId + "/sdv";
        try {
            sdv.recordFinding(studyId, new SdvRequests.RecordFinding(recordId(record), PostedForm.orNull(field), PostedForm.orNull(finding)),
                    caller);
            flash.addFlashAttribute("notice", "sdv.finding.recorded");
            return "redirect:" + back;
        } catch (InvalidInputException e) {
            flash.addFlashAttribute("findingErrors", e.messagesByField());
            flash.addFlashAttribute("findingRecord", record);
            return "redirect:" + back;
        }
    }

    private interface Page {
        String render();
    }

    private String verify(Caller caller, String studyId, SdvRequests.Verify request, String back, RedirectAttributes flash, Page again,
                          Model model, HttpServletResponse response) {
        try {
            sdv.verify(studyId, request, caller);
            flash.addFlashAttribute("notice", "sdv.verified");
            return "redirect:" + back;
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("verifyErrors", e.errors().stream().map(x -> x.message()).toList());
            return again.render();
        } catch (ConflictException e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("verifyErrors", List.of(e.getMessage()));
            return again.render();
        }
    }

    private String page(Caller caller, Protocol protocol, String subjectId, String siteId, List<FormRecord> records, String action,
                        Model model) {
        String studyId = protocol.id();
        List<RecordView> views = new ArrayList<>();
        for (FormRecord r : records) {
            FormDefinition form = protocol.form(r.formId()).orElseThrow();
            List<Verification> all = sdv.ofRecord(studyId, r.id(), caller);
            boolean whole = all.stream().anyMatch(v -> v.live() && v.field() == null);
            List<FieldRow> rows = new ArrayList<>();
            for (FormField f : form.fields()) {
                boolean verified = whole || all.stream().anyMatch(v -> v.live() && f.name().equals(v.field()));
                boolean removed = !verified && all.stream().anyMatch(v -> !v.live() && (v.field() == null || f.name().equals(v.field())));
                rows.add(new FieldRow(f.name(), f.variable().label(), r.values().getOrDefault(f.name(), ""), verified, removed));
            }
            boolean removed = all.stream().anyMatch(v -> !v.live()) && rows.stream().anyMatch(FieldRow::removed);
            views.add(new RecordView(r, form, rows, whole, removed, all));
        }
        model.addAttribute("studyId", studyId);
        model.addAttribute("subjectId", subjectId);
        model.addAttribute("records", views);
        model.addAttribute("action", action);
        model.addAttribute("mayVerify", caller.has(studyId, Permission.VERIFY_SOURCE_DATA));
        if (siteId != null) {
            model.addAttribute("site", site(caller, studyId, siteId));
        }
        model.addAttribute("canScreen", caller.has(studyId, Permission.SCREEN_AND_ENROL));
        if (!model.containsAttribute("findingErrors")) {
            model.addAttribute("findingErrors", Map.of());
        }
        return "monitoring/verify";
    }

    private SiteChoice site(Caller caller, String studyId, String siteId) {
        sdv.requireSite(studyId, siteId, caller);
        return sites.require(caller, studyId, siteId);
    }

    private static Long recordId(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("record", "\"" + text + "\" is not a form record id");
        }
    }

    private static String address(String studyId, String subjectId, String visitId) {
        return "/studies/" + studyId + "/subjects/" + subjectId + "/visits/" + visitId + "/sdv";
    }
}
