package org.harmonia.server.subjects;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.server.security.Caller;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.web.SiteChoices;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Screening a patient at the user's site, with the eligibility verdict while typing. They call the same service
 * methods as the API with the same caller; invalid input is shown next to its field with the API's messages. The
 * screened subject then lives on its one page, {@link SubjectPage}.
 */
@Controller
@RequestMapping("/studies/{studyId}/sites/{siteId}")
public class ScreeningPage {
    private final SubjectService subjects;
    private final SiteChoices sites;

    public ScreeningPage(SubjectService subjects, SiteChoices sites) {
        this.subjects = subjects;
        this.sites = sites;
    }

    @GetMapping("/screenings/new")
    public String newScreening(Caller caller, @PathVariable String studyId, @PathVariable String siteId, Model model) {
        return screeningPage(caller, studyId, siteId, ScreeningForm.empty(), Map.of(), model);
    }

    @PostMapping("/screenings/new")
    public String screen(Caller caller, @PathVariable String studyId, @PathVariable String siteId,
                         @RequestParam MultiValueMap<String, String> params, Model model, HttpServletResponse response) {
        ScreeningForm form = ScreeningForm.of(params);
        try {
            Subject s = subjects.screen(studyId, form.request(siteId), caller);
            return "redirect:" + SubjectPage.address(studyId, s.id()) + "?screened";
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return screeningPage(caller, studyId, siteId, form, e.messagesByField(), model);
        }
    }

    @PostMapping("/screenings/preview")
    public String preview(Caller caller, @PathVariable String studyId, @PathVariable String siteId,
                          @RequestParam MultiValueMap<String, String> params, Model model) {
        return verdict(subjects, caller, studyId, siteId, ScreeningForm.of(params), null, model);
    }

    /** The subject's address as a site's page once gave it: the subject's one page (another site's subject is not found). */
    @GetMapping("/subjects/{subjectId}")
    public String subject(Caller caller, @PathVariable String studyId, @PathVariable String siteId, @PathVariable String subjectId) {
        Subject s = subjects.getAtSite(studyId, siteId, subjectId, caller);
        return "redirect:" + SubjectPage.address(studyId, s.id());
    }

    private String screeningPage(Caller caller, String studyId, String siteId, ScreeningForm form, Map<String, String> errors,
                                 Model model) {
        model.addAttribute("fields", subjects.screeningFields(studyId, siteId, caller));
        model.addAttribute("site", sites.require(caller, studyId, siteId));
        model.addAttribute("canScreen", true);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "subjects/screening";
    }

    /** The live verdict fragment for a new screening ({@code s} null) or an unfinished one. */
    static String verdict(SubjectService subjects, Caller caller, String studyId, String siteId, ScreeningForm form, Subject s,
                          Model model) {
        ScreeningPreview preview;
        try {
            preview = subjects.preview(studyId, s == null ? form.request(siteId) : form.request(s), caller);
        } catch (InvalidInputException e) {
            preview = new ScreeningPreview(null, e.errors());
        }
        model.addAttribute("preview", preview);
        model.addAttribute("studyId", studyId);
        model.addAttribute("labels", labels(subjects.screeningFields(studyId, siteId, caller)));
        return "subjects/verdict :: verdict";
    }

    private static Map<String, String> labels(List<org.harmonia.trial.eligibility.ScreeningVariable> fields) {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach(f -> out.put("data." + f.name(), f.label()));
        return out;
    }
}
