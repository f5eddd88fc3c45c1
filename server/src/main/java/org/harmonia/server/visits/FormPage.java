package org.harmonia.server.visits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.web.SiteChoices;
import org.harmonia.trial.forms.FormField;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Entering and correcting a form at a visit, {@code /studies/{studyId}/subjects/{subjectId}/visits/{visitId}/forms/{formId}},
 * drawn from the protocol's form definition. Saves through {@link FormService#saveAtVisit} as the API does; a
 * correction sends only the values changed and clears the ones emptied, as the API's partial correction expects.
 */
@Controller
public class FormPage {
    static final String PATH = "/studies/{studyId}/subjects/{subjectId}/visits/{visitId}/forms/{formId}";

    private final FormService forms;
    private final SiteChoices sites;

    public FormPage(FormService forms, SiteChoices sites) {
        this.forms = forms;
        this.sites = sites;
    }

    @GetMapping(PATH)
    public String show(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, @PathVariable String visitId,
                       @PathVariable String formId, Model model) {
        FormAtVisit f = forms.atVisit(studyId, subjectId, visitId, formId, caller);
        Map<String, String> values = f.record() == null ? Map.of() : f.record().values();
        return page(f, FormView.of(f.form(), values, List.of(), f.record() == null ? List.of() : f.record().warnings()),
                null, caller, model);
    }

    @PostMapping(PATH)
    public String save(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, @PathVariable String visitId,
                       @PathVariable String formId, @RequestParam Map<String, String> params, Model model, RedirectAttributes flash) {
        FormAtVisit f = forms.atVisit(studyId, subjectId, visitId, formId, caller);
        Map<String, String> entered = new LinkedHashMap<>();
        for (FormField field : f.form().fields()) {
            String v = params.get(FormView.PREFIX + field.name());
            entered.put(field.name(), v == null ? "" : v.strip());
        }
        Integer version = version(params.get("version"));
        String reason = blankToNull(params.get("reason"));
        try {
            FormEntry entry = entry(entered, f.record(), version, reason);
            forms.saveAtVisit(studyId, subjectId, visitId, formId, entry, caller);
            flash.addFlashAttribute("notice", version == null ? "formPage.saved" : "formPage.corrected");
            return "redirect:" + address(studyId, subjectId, visitId, formId);
        } catch (InvalidInputException e) {
            if (version == null && f.record() != null) {
                // a first save refused because someone saved the form since this page was opened
                return conflict(f, entered, reason, f.record().version(), caller, model);
            }
            model.addAttribute("reason", reason);
            model.addAttribute("version", version);
            return page(f, FormView.of(f.form(), entered, e.errors(), List.of()), null, caller, model);
        } catch (ConflictException e) {
            if (e.currentVersion() == null) {
                throw e;
            }
            return conflict(forms.atVisit(studyId, subjectId, visitId, formId, caller), entered, reason, e.currentVersion(),
                    caller, model);
        }
    }

    /** Someone saved first: nothing of this user's is saved; their entries stay in the form beside what is stored now. */
    private String conflict(FormAtVisit now, Map<String, String> entered, String reason, int currentVersion, Caller caller, Model model) {
        Map<String, String> current = now.record() == null ? Map.of() : now.record().values();
        List<String[]> differences = new ArrayList<>();
        for (FormField field : now.form().fields()) {
            String mine = entered.get(field.name());
            String theirs = current.getOrDefault(field.name(), "");
            if (!Objects.equals(mine, theirs)) {
                differences.add(new String[] {field.variable().label(), mine, theirs});
            }
        }
        model.addAttribute("reason", reason);
        model.addAttribute("version", currentVersion);
        model.addAttribute("differences", differences);
        return page(now, FormView.of(now.form(), entered, List.of(), List.of()), currentVersion, caller, model);
    }

    @PostMapping(PATH + "/void")
    public String voidRecord(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, @PathVariable String visitId,
                             @PathVariable String formId, @RequestParam(required = false) String version,
                             @RequestParam(required = false) String reason, Model model, RedirectAttributes flash) {
        FormAtVisit f = forms.atVisit(studyId, subjectId, visitId, formId, caller);
        if (f.record() == null) {
            return "redirect:" + address(studyId, subjectId, visitId, formId);
        }
        try {
            forms.voidRecord(studyId, f.record().id(), new VoidRequest(version(version), blankToNull(reason)), caller);
            flash.addFlashAttribute("notice", "formPage.voided");
            return "redirect:" + address(studyId, subjectId, visitId, formId);
        } catch (InvalidInputException e) {
            model.addAttribute("voidErrors", e.errors().stream().map(FieldError::message).toList());
            model.addAttribute("voidReason", reason);
            return page(f, FormView.of(f.form(), f.record().values(), List.of(), f.record().warnings()), null, caller, model);
        }
    }

    /** One field's history from the audit trail, as an htmx fragment. */
    @GetMapping("/studies/{studyId}/form-records/{recordId}/history")
    public String history(Caller caller, @PathVariable String studyId, @PathVariable long recordId, @RequestParam String field, Model model) {
        model.addAttribute("entries", forms.fieldHistory(studyId, recordId, field, caller));
        model.addAttribute("field", field);
        return "visits/form :: history";
    }

    private String page(FormAtVisit f, FormView view, Integer conflictVersion, Caller caller, Model model) {
        String studyId = f.subject().studyId();
        model.addAttribute("entry", f);
        model.addAttribute("view", view);
        model.addAttribute("conflictVersion", conflictVersion);
        model.addAttribute("action", address(studyId, f.subject().id(), f.visit().id(), f.form().id()));
        model.addAttribute("subjectPage", "/studies/" + studyId + "/subjects/" + f.subject().id());
        model.addAttribute("mayReadHistory", f.record() != null && caller.has(studyId, Permission.READ_AUDIT_TRAIL));
        model.addAttribute("site", sites.require(caller, studyId, f.subject().siteId()));
        model.addAttribute("canScreen", caller.has(studyId, Permission.SCREEN_AND_ENROL));
        if (!model.containsAttribute("version")) {
            model.addAttribute("version", f.record() == null ? null : f.record().version());
        }
        return "visits/form";
    }

    /**
     * The page's whole form as the API's entry: a first save gives the values entered; a correction gives only the
     * values that differ from the record as read and lists the fields emptied in {@code clear}.
     */
    private static FormEntry entry(Map<String, String> entered, FormRecord record, Integer version, String reason) {
        if (version == null) {
            Map<String, Object> values = new LinkedHashMap<>();
            entered.forEach((k, v) -> {
                if (!v.isEmpty()) {
                    values.put(k, v);
                }
            });
            return new FormEntry(values, null, reason);
        }
        Map<String, String> stored = record == null ? Map.of() : record.values();
        Map<String, Object> changed = new LinkedHashMap<>();
        List<String> clear = new ArrayList<>();
        entered.forEach((k, v) -> {
            if (v.isEmpty() && stored.containsKey(k)) {
                clear.add(k);
            } else if (!v.isEmpty() && !v.equals(stored.get(k))) {
                changed.put(k, v);
            }
        });
        return new FormEntry(changed.isEmpty() ? null : changed, clear, version, reason);
    }

    private static String address(String studyId, String subjectId, String visitId, String formId) {
        return "/studies/" + studyId + "/subjects/" + subjectId + "/visits/" + visitId + "/forms/" + formId;
    }

    private static Integer version(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("version", "\"" + text + "\" is not a version number");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
