package org.harmonia.server.visits;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.Map;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.subjects.Subject;
import org.harmonia.server.subjects.SubjectService;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.server.web.PostedForm;
import org.harmonia.server.web.SiteChoices;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Recording a visit of the schedule as done on a date or missed with a reason,
 * {@code /studies/{studyId}/subjects/{subjectId}/visits/{visitId}}, through {@link FormService#recordVisit} as the
 * API's {@code PUT .../visits/{visitId}} does; its 422 messages show next to their fields. A date outside the window
 * is accepted and the schedule says so.
 */
@Controller
public class VisitPage {
    static final String PATH = "/studies/{studyId}/subjects/{subjectId}/visits/{visitId}";

    private final FormService forms;
    private final SubjectService subjects;
    private final SiteChoices sites;

    public VisitPage(FormService forms, SubjectService subjects, SiteChoices sites) {
        this.forms = forms;
        this.subjects = subjects;
        this.sites = sites;
    }

    /** The visit form as posted: kept as text so a refused entry comes back as typed. */
    public record VisitForm(String status, String visitDate, String note, String version, String reason) {
        static VisitForm of(VisitRecord v) {
            return v == null ? new VisitForm("", "", "", "", "")
                    : new VisitForm(v.status().toLowerCase(), v.visitDate() == null ? "" : v.visitDate().toString(),
                    v.note() == null ? "" : v.note(), String.valueOf(v.version()), "");
        }

        VisitEntry entry() {
            PostedForm posted = new PostedForm();
            LocalDate date = posted.date("visitDate", visitDate);
            Integer v = posted.version(version);
            posted.check();
            // a missed visit has no date and a visit done no reason for missing it: what the other choice left typed is not sent
            boolean done = "done".equals(status);
            return new VisitEntry(status.isEmpty() ? null : status, done ? date : null,
                    done || note.isEmpty() ? null : note, v, reason.isEmpty() ? null : reason);
        }
    }

    @GetMapping(PATH)
    public String show(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, @PathVariable String visitId,
                       Model model) {
        return page(caller, studyId, subjectId, visitId, null, Map.of(), model);
    }

    @PostMapping(PATH)
    public String record(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, @PathVariable String visitId,
                         @RequestParam Map<String, String> params, Model model, HttpServletResponse response, RedirectAttributes flash) {
        VisitForm form = new VisitForm(PostedForm.text(params.get("status")), PostedForm.text(params.get("visitDate")),
                PostedForm.text(params.get("note")), PostedForm.text(params.get("version")), PostedForm.text(params.get("reason")));
        try {
            RecordedVisit recorded = forms.recordVisit(studyId, subjectId, visitId, form.entry(), caller);
            flash.addFlashAttribute("notice", recorded.warnings().isEmpty() ? "visitPage.recorded" : "visitPage.recordedOutside");
            return "redirect:/studies/" + studyId + "/subjects/" + subjectId + "#visit-" + visitId;
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(caller, studyId, subjectId, visitId, form, e.messagesByField(), model);
        }
    }

    private String page(Caller caller, String studyId, String subjectId, String visitId, VisitForm form, Map<String, String> errors,
                        Model model) {
        caller.require(studyId, Permission.ENTER_DATA);
        ScheduleEntry visit = forms.schedule(studyId, subjectId, caller).stream().filter(v -> v.visitId().equals(visitId)).findFirst()
                .orElseThrow(() -> new NotFoundException("no visit \"" + visitId + "\" in the schedule of subject " + subjectId));
        VisitRecord recorded = forms.visitRecord(studyId, subjectId, visitId, caller).orElse(null);
        Subject subject = subjects.get(studyId, subjectId, caller);
        model.addAttribute("subjectId", subjectId);
        model.addAttribute("subjectPage", "/studies/" + studyId + "/subjects/" + subjectId);
        model.addAttribute("visit", visit);
        model.addAttribute("recorded", recorded);
        model.addAttribute("form", form == null ? VisitForm.of(recorded) : form);
        model.addAttribute("errors", errors);
        model.addAttribute("site", sites.require(caller, studyId, subject.siteId()));
        model.addAttribute("canScreen", caller.has(studyId, Permission.SCREEN_AND_ENROL));
        return "visits/visit";
    }
}
