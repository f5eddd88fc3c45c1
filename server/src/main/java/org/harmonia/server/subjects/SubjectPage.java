package org.harmonia.server.subjects;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.randomisation.RandomisationService;
import org.harmonia.server.randomisation.RandomisationViews.Allocated;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.visits.FormRecord;
import org.harmonia.server.visits.FormService;
import org.harmonia.server.visits.ScheduleEntry;
import org.harmonia.server.web.SiteChoices;
import org.harmonia.trial.forms.FormDefinition;
import org.harmonia.trial.forms.FormField;
import org.harmonia.trial.subject.SubjectStatus;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The one page of a subject, {@code /studies/{studyId}/subjects/{subjectId}}, showing what its status calls for:
 * finishing the screening and enrolment, randomisation, the schedule of activities with its visits and forms, the
 * subject's log forms (adverse events), withdrawal and completion. Each action posts to an address under the page
 * and calls the same service method as the API with the same caller; invalid input comes back next to its field with
 * the API's messages. Never an allocation: randomisation shows the subject and its kit only.
 */
@Controller
@RequestMapping("/studies/{studyId}/subjects/{subjectId}")
public class SubjectPage {
    private final SubjectService subjects;
    private final FormService forms;
    private final RandomisationService randomisation;
    private final ProtocolCatalog catalog;
    private final SiteChoices sites;

    public SubjectPage(SubjectService subjects, FormService forms, RandomisationService randomisation, ProtocolCatalog catalog,
                       SiteChoices sites) {
        this.subjects = subjects;
        this.forms = forms;
        this.randomisation = randomisation;
        this.catalog = catalog;
        this.sites = sites;
    }

    /**
     * A log form's records as the subject page lists them. The columns are the form's required fields that are not
     * choice lists (for an adverse event: its term, onset, CTCAE grade and seriousness), at most four, so a new
     * protocol's logs list without new code.
     */
    public record LogForm(FormDefinition form, List<FormField> columns, List<FormRecord> records) {
        static final int MAX_COLUMNS = 4;

        static LogForm of(FormDefinition form, List<FormRecord> all) {
            List<FormField> columns = form.fields().stream()
                    .filter(f -> f.required() && f.variable().type() != org.harmonia.trial.eligibility.VariableType.CHOICE)
                    .limit(MAX_COLUMNS).toList();
            if (columns.isEmpty()) {
                columns = form.fields().stream().limit(1).toList();
            }
            return new LogForm(form, columns, all.stream().filter(r -> r.formId().equals(form.id())).toList());
        }

        /** How a column's values are shown: {@code yesno} and {@code date} are written in the page's language. */
        public String kind(FormField column) {
            return switch (column.variable().type()) {
                case BOOLEAN -> "yesno";
                case DATE -> "date";
                default -> "text";
            };
        }

        public LocalDate date(FormRecord r, FormField column) {
            String v = r.values().get(column.name());
            return v == null || v.isEmpty() ? null : LocalDate.parse(v);
        }
    }

    @GetMapping
    public String subject(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, Model model) {
        Subject s = subjects.get(studyId, subjectId, caller);
        return page(caller, s, ScreeningForm.of(s), Map.of(), Map.of(), model);
    }

    @PostMapping("/screening/preview")
    public String previewUpdate(Caller caller, @PathVariable String studyId, @PathVariable String subjectId,
                                @RequestParam MultiValueMap<String, String> params, Model model) {
        Subject s = subjects.get(studyId, subjectId, caller);
        return ScreeningPage.verdict(subjects, caller, studyId, s.siteId(), ScreeningForm.of(params), s, model);
    }

    @PostMapping("/screening")
    public String updateScreening(Caller caller, @PathVariable String studyId, @PathVariable String subjectId,
                                  @RequestParam MultiValueMap<String, String> params, Model model, HttpServletResponse response) {
        Subject s = subjects.get(studyId, subjectId, caller);
        ScreeningForm form = ScreeningForm.of(params);
        try {
            subjects.updateScreening(studyId, subjectId, form.update(s), caller);
            return "redirect:" + address(studyId, subjectId) + "?saved";
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(caller, s, form, e.messagesByField(), Map.of(), model);
        }
    }

    @PostMapping("/enrolment")
    public String enrol(Caller caller, @PathVariable String studyId, @PathVariable String subjectId,
                        @RequestParam MultiValueMap<String, String> params, Model model, HttpServletResponse response) {
        Subject s = subjects.get(studyId, subjectId, caller);
        try {
            subjects.enrol(studyId, subjectId, EnrolmentForm.of(params).enrolment(), caller);
            return "redirect:" + address(studyId, subjectId) + "?enrolled";
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("enrolment", EnrolmentForm.of(params));
            return page(caller, s, ScreeningForm.of(s), Map.of(), e.messagesByField(), model);
        }
    }

    /** Before randomisation, the confirmation step; after it, the subject and its kit: reloading the result changes nothing. */
    @GetMapping("/randomisation")
    public String randomisation(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, Model model) {
        caller.require(studyId, Permission.RANDOMISE);
        Subject s = subjects.get(studyId, subjectId, caller);
        nav(caller, s, model);
        model.addAttribute("subject", s);
        if (s.status() == SubjectStatus.ENROLLED) {
            return "subjects/randomise";
        }
        Allocated allocated = randomisation.allocated(studyId, subjectId, caller);
        // the subject and the kit only: the stratum and the time stay out of the page
        model.addAttribute("randomisedSubject", allocated.subjectId());
        model.addAttribute("kit", allocated.kitNumber());
        return "subjects/randomise";
    }

    @PostMapping("/randomisation")
    public String randomise(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, RedirectAttributes flash) {
        Subject s = subjects.get(studyId, subjectId, caller);
        try {
            randomisation.randomise(studyId, s.id(), caller);
        } catch (ConflictException e) {
            if (subjects.get(studyId, subjectId, caller).status() != SubjectStatus.RANDOMISED) {
                throw e;
            }
            // posted twice (a second tab, the back button): the subject keeps the kit it was given the first time
            return "redirect:" + address(studyId, subjectId) + "/randomisation";
        }
        flash.addFlashAttribute("justRandomised", true);
        return "redirect:" + address(studyId, subjectId) + "/randomisation";
    }

    @GetMapping("/withdrawal")
    public String confirmWithdrawal(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, Model model) {
        Subject s = subjects.get(studyId, subjectId, caller);
        return exitPage(caller, s, "withdrawal", ExitForm.of(s), Map.of(), model);
    }

    @PostMapping("/withdrawal")
    public String withdraw(Caller caller, @PathVariable String studyId, @PathVariable String subjectId,
                           @RequestParam MultiValueMap<String, String> params, Model model, HttpServletResponse response,
                           RedirectAttributes flash) {
        return leave(caller, studyId, subjectId, "withdrawal", subjects::withdraw, "subjectPage.withdrawn",
                params, model, response, flash);
    }

    @GetMapping("/completion")
    public String confirmCompletion(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, Model model) {
        Subject s = subjects.get(studyId, subjectId, caller);
        return exitPage(caller, s, "completion", ExitForm.of(s), Map.of(), model);
    }

    @PostMapping("/completion")
    public String complete(Caller caller, @PathVariable String studyId, @PathVariable String subjectId,
                           @RequestParam MultiValueMap<String, String> params, Model model, HttpServletResponse response,
                           RedirectAttributes flash) {
        return leave(caller, studyId, subjectId, "completion", subjects::complete, "subjectPage.completed",
                params, model, response, flash);
    }

    /** A way out of the study as the services offer it: withdrawal or completion. */
    private interface Exit {
        Subject apply(String studyId, String subjectId, StudyExit exit, Caller caller);
    }

    /** Withdrawal and completion alike: the confirmed form through the service, or back to the form with its messages. */
    private String leave(Caller caller, String studyId, String subjectId, String kind, Exit exit, String notice,
                         MultiValueMap<String, String> params, Model model, HttpServletResponse response, RedirectAttributes flash) {
        Subject s = subjects.get(studyId, subjectId, caller);
        ExitForm form = ExitForm.of(params);
        try {
            exit.apply(studyId, subjectId, form.exit(), caller);
            flash.addFlashAttribute("notice", notice);
            return "redirect:" + address(studyId, subjectId);
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return exitPage(caller, s, kind, form, e.messagesByField(), model);
        }
    }

    private String exitPage(Caller caller, Subject s, String kind, ExitForm form, Map<String, String> errors, Model model) {
        caller.require(s.studyId(), Permission.SCREEN_AND_ENROL);
        nav(caller, s, model);
        model.addAttribute("subject", s);
        model.addAttribute("kind", kind);
        model.addAttribute("exit", form);
        model.addAttribute("errors", errors);
        return "subjects/exit";
    }

    private String page(Caller caller, Subject s, ScreeningForm form, Map<String, String> errors, Map<String, String> enrolmentErrors,
                        Model model) {
        String studyId = s.studyId();
        boolean canScreen = caller.has(studyId, Permission.SCREEN_AND_ENROL);
        boolean screening = s.status() == SubjectStatus.SCREENING || s.status() == SubjectStatus.ELIGIBLE;
        nav(caller, s, model);
        model.addAttribute("canRandomise", caller.has(studyId, Permission.RANDOMISE));
        model.addAttribute("subject", s);
        model.addAttribute("fields", canScreen && screening ? subjects.screeningFields(studyId, s.siteId(), caller) : List.of());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("enrolmentErrors", enrolmentErrors);
        model.addAttribute("preview", new ScreeningPreview(s.eligibility(), List.of()));
        model.addAttribute("labels", Map.of());
        if (!model.containsAttribute("enrolment")) {
            model.addAttribute("enrolment", EnrolmentForm.of(s));
        }
        List<ScheduleEntry> schedule = s.dayZero() == null ? List.of() : forms.schedule(studyId, s.id(), caller);
        Map<String, FormDefinition> definitions = new LinkedHashMap<>();
        List<FormDefinition> logDefinitions = new ArrayList<>();
        for (FormDefinition f : catalog.require(studyId).forms()) {
            definitions.put(f.id(), f);
            if (f.repeating()) {
                logDefinitions.add(f);
            }
        }
        List<FormRecord> saved = s.dayZero() == null ? List.of() : forms.bySubject(studyId, s.id(), false, caller);
        Map<String, String> visitLabels = new LinkedHashMap<>();
        catalog.require(studyId).visits().forEach(v -> visitLabels.put(v.id(), v.label()));
        model.addAttribute("visitLabels", visitLabels);
        model.addAttribute("schedule", schedule);
        model.addAttribute("definitions", definitions);
        model.addAttribute("logs", s.dayZero() == null ? List.of() : logDefinitions.stream().map(f -> LogForm.of(f, saved)).toList());
        model.addAttribute("mayEnter", s.status().acceptsVisitData() && caller.has(studyId, Permission.ENTER_DATA));
        model.addAttribute("mayWithdraw", canScreen && s.status().canMoveTo(SubjectStatus.WITHDRAWN));
        model.addAttribute("mayComplete", canScreen
                && s.status().canMoveTo(SubjectStatus.COMPLETED, catalog.require(studyId).design().randomised()));
        model.addAttribute("mayUnblind", s.status() == SubjectStatus.RANDOMISED && caller.has(studyId, Permission.EMERGENCY_UNBLIND));
        return "subjects/subject";
    }

    /** The navigation bar's site and whether it offers screening. */
    private void nav(Caller caller, Subject s, Model model) {
        model.addAttribute("site", sites.require(caller, s.studyId(), s.siteId()));
        model.addAttribute("canScreen", caller.has(s.studyId(), Permission.SCREEN_AND_ENROL));
    }

    static String address(String studyId, String subjectId) {
        return "/studies/" + studyId + "/subjects/" + subjectId;
    }
}
