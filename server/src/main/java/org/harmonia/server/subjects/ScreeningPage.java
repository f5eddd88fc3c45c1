package org.harmonia.server.subjects;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.server.randomisation.RandomisationService;
import org.harmonia.server.randomisation.RandomisationViews.Allocated;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.system.FieldError;
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
 * The pages of a patient's way in: screening at the user's site with the eligibility verdict while typing, the page of a
 * subject (finishing an incomplete screening, enrolment) and randomisation with its confirmation step. They call the
 * same service methods as the API with the same caller; invalid input is shown next to its field with the API's messages.
 */
@Controller
@RequestMapping("/studies/{studyId}/sites/{siteId}")
public class ScreeningPage {
    private final SubjectService subjects;
    private final RandomisationService randomisation;
    private final SiteChoices sites;

    public ScreeningPage(SubjectService subjects, RandomisationService randomisation, SiteChoices sites) {
        this.subjects = subjects;
        this.randomisation = randomisation;
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
            return "redirect:/studies/" + studyId + "/sites/" + siteId + "/subjects/" + s.id() + "?screened";
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return screeningPage(caller, studyId, siteId, form, byField(e.errors()), model);
        }
    }

    @PostMapping("/screenings/preview")
    public String preview(Caller caller, @PathVariable String studyId, @PathVariable String siteId,
                          @RequestParam MultiValueMap<String, String> params, Model model) {
        return verdict(caller, studyId, siteId, ScreeningForm.of(params), null, model);
    }

    @GetMapping("/subjects/{subjectId}")
    public String subject(Caller caller, @PathVariable String studyId, @PathVariable String siteId, @PathVariable String subjectId,
                          Model model) {
        Subject s = subjects.getAtSite(studyId, siteId, subjectId, caller);
        return subjectPage(caller, studyId, siteId, s, ScreeningForm.of(s), Map.of(), Map.of(), model);
    }

    @PostMapping("/subjects/{subjectId}/screening/preview")
    public String previewUpdate(Caller caller, @PathVariable String studyId, @PathVariable String siteId,
                                @PathVariable String subjectId, @RequestParam MultiValueMap<String, String> params, Model model) {
        Subject s = subjects.getAtSite(studyId, siteId, subjectId, caller);
        return verdict(caller, studyId, siteId, ScreeningForm.of(params), s, model);
    }

    @PostMapping("/subjects/{subjectId}/screening")
    public String updateScreening(Caller caller, @PathVariable String studyId, @PathVariable String siteId,
                                  @PathVariable String subjectId, @RequestParam MultiValueMap<String, String> params, Model model,
                                  HttpServletResponse response) {
        Subject s = subjects.getAtSite(studyId, siteId, subjectId, caller);
        ScreeningForm form = ScreeningForm.of(params);
        try {
            subjects.updateScreening(studyId, subjectId, form.update(s), caller);
            return "redirect:/studies/" + studyId + "/sites/" + siteId + "/subjects/" + subjectId + "?saved";
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return subjectPage(caller, studyId, siteId, s, form, byField(e.errors()), Map.of(), model);
        }
    }

    @PostMapping("/subjects/{subjectId}/enrolment")
    public String enrol(Caller caller, @PathVariable String studyId, @PathVariable String siteId, @PathVariable String subjectId,
                        @RequestParam MultiValueMap<String, String> params, Model model, HttpServletResponse response) {
        Subject s = subjects.getAtSite(studyId, siteId, subjectId, caller);
        try {
            subjects.enrol(studyId, subjectId, EnrolmentForm.of(params).enrolment(), caller);
            return "redirect:/studies/" + studyId + "/sites/" + siteId + "/subjects/" + subjectId + "?enrolled";
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("enrolment", EnrolmentForm.of(params));
            return subjectPage(caller, studyId, siteId, s, ScreeningForm.of(s), Map.of(), byField(e.errors()), model);
        }
    }

    @GetMapping("/subjects/{subjectId}/randomisation")
    public String confirmRandomisation(Caller caller, @PathVariable String studyId, @PathVariable String siteId,
                                       @PathVariable String subjectId, Model model) {
        caller.require(studyId, Permission.RANDOMISE);
        Subject s = subjects.getAtSite(studyId, siteId, subjectId, caller);
        model.addAttribute("site", sites.require(caller, studyId, siteId));
        model.addAttribute("canScreen", caller.has(studyId, Permission.SCREEN_AND_ENROL));
        model.addAttribute("subject", s);
        return "subjects/randomise";
    }

    @PostMapping("/subjects/{subjectId}/randomisation")
    public String randomise(Caller caller, @PathVariable String studyId, @PathVariable String siteId,
                            @PathVariable String subjectId, Model model) {
        Subject s = subjects.getAtSite(studyId, siteId, subjectId, caller);
        Allocated allocated = randomisation.randomise(studyId, s.id(), caller);
        model.addAttribute("site", sites.require(caller, studyId, siteId));
        model.addAttribute("canScreen", caller.has(studyId, Permission.SCREEN_AND_ENROL));
        model.addAttribute("subject", s);
        // the subject and the kit only: the stratum and the time stay out of the page
        model.addAttribute("randomisedSubject", allocated.subjectId());
        model.addAttribute("kit", allocated.kitNumber());
        return "subjects/randomise";
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

    private String subjectPage(Caller caller, String studyId, String siteId, Subject s, ScreeningForm form,
                               Map<String, String> errors, Map<String, String> enrolmentErrors, Model model) {
        boolean canScreen = caller.has(studyId, Permission.SCREEN_AND_ENROL);
        model.addAttribute("site", sites.require(caller, studyId, siteId));
        model.addAttribute("canScreen", canScreen);
        model.addAttribute("canRandomise", caller.has(studyId, Permission.RANDOMISE));
        model.addAttribute("subject", s);
        model.addAttribute("fields", canScreen ? subjects.screeningFields(studyId, siteId, caller) : List.of());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("enrolmentErrors", enrolmentErrors);
        model.addAttribute("preview", new ScreeningPreview(s.eligibility(), List.of()));
        model.addAttribute("labels", Map.of());
        if (!model.containsAttribute("enrolment")) {
            model.addAttribute("enrolment", EnrolmentForm.of(s));
        }
        return "subjects/subject";
    }

    private String verdict(Caller caller, String studyId, String siteId, ScreeningForm form, Subject s, Model model) {
        ScreeningPreview preview;
        try {
            preview = subjects.preview(studyId, s == null ? form.request(siteId) : form.request(s), caller);
        } catch (InvalidInputException e) {
            preview = new ScreeningPreview(null, e.errors());
        }
        model.addAttribute("preview", preview);
        model.addAttribute("labels", labels(subjects.screeningFields(studyId, siteId, caller)));
        return "subjects/verdict :: verdict";
    }

    /** Each field's messages in one text, keyed by the field name as the API gives it ({@code data.edss}). */
    static Map<String, String> byField(List<FieldError> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        errors.forEach(e -> out.merge(e.field(), e.message(), (a, b) -> a + "; " + b));
        return out;
    }

    private static Map<String, String> labels(List<org.harmonia.trial.eligibility.ScreeningVariable> fields) {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach(f -> out.put("data." + f.name(), f.label()));
        return out;
    }
}
