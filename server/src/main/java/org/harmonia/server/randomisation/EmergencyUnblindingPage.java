package org.harmonia.server.randomisation;

import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.harmonia.server.randomisation.RandomisationViews.UnblindedAllocation;
import org.harmonia.server.randomisation.RandomisationViews.UnblindingRequest;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.subjects.Subject;
import org.harmonia.server.subjects.SubjectService;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.web.SiteChoices;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Emergency unblinding of one subject by its investigator, {@code /studies/{studyId}/subjects/{subjectId}/emergency-unblinding}:
 * step 1 says what follows and asks for the medical reason and an explicit confirmation (a box ticked and the
 * subject's number typed); step 2 repeats what will happen and asks to confirm; the result, reached by a redirect,
 * shows that subject's treatment and nothing else. Every role without {@link Permission#EMERGENCY_UNBLIND} is refused
 * before anything of the subject is read; another site's subject is not found. The unblinding itself is
 * {@link RandomisationService#emergencyUnblind}, exactly as the API calls it.
 */
@Controller
@RequestMapping("/studies/{studyId}/subjects/{subjectId}/emergency-unblinding")
public class EmergencyUnblindingPage {
    private final RandomisationService randomisation;
    private final SubjectService subjects;
    private final SiteChoices sites;

    public EmergencyUnblindingPage(RandomisationService randomisation, SubjectService subjects, SiteChoices sites) {
        this.randomisation = randomisation;
        this.subjects = subjects;
        this.sites = sites;
    }

    @GetMapping
    public String start(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, Model model,
                        HttpServletResponse response) {
        Subject s = subject(caller, studyId, subjectId);
        return step(1, s, caller, new Confirmation(null, false, null), Map.of(), model, response);
    }

    /** Step 1 sent: with everything in order, step 2 (nothing is recorded yet); otherwise step 1 again with the messages. */
    @PostMapping
    public String review(Caller caller, @PathVariable String studyId, @PathVariable String subjectId,
                         @RequestParam(required = false) String reason, @RequestParam(required = false) String understood,
                         @RequestParam(required = false) String subjectNumber, Model model, HttpServletResponse response) {
        Subject s = subject(caller, studyId, subjectId);
        Confirmation c = new Confirmation(reason, understood != null, subjectNumber);
        Map<String, String> errors = c.problems(s);
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return step(1, s, caller, c, errors, model, response);
        }
        return step(2, s, caller, c, Map.of(), model, response);
    }

    @PostMapping("/confirm")
    public String confirm(Caller caller, @PathVariable String studyId, @PathVariable String subjectId,
                          @RequestParam(required = false) String reason, @RequestParam(required = false) String understood,
                          @RequestParam(required = false) String subjectNumber, Model model, HttpServletResponse response) {
        Subject s = subject(caller, studyId, subjectId);
        Confirmation c = new Confirmation(reason, understood != null, subjectNumber);
        Map<String, String> errors = c.problems(s);
        if (errors.isEmpty()) {
            try {
                randomisation.emergencyUnblind(studyId, s.id(), new UnblindingRequest(reason), caller);
                return "redirect:/studies/" + studyId + "/subjects/" + s.id() + "/emergency-unblinding/result";
            } catch (InvalidInputException e) {
                errors = e.messagesByField();
            } catch (ConflictException e) {
                // not randomised: nothing to reveal, and nothing was recorded
                errors = Map.of("subject", e.getMessage());
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return step(1, s, caller, c, errors, model, response);
    }

    /** The treatment of the one subject this investigator unblinded; never stored by the browser. */
    @GetMapping("/result")
    public String result(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, Model model,
                         HttpServletResponse response) {
        Subject s = subject(caller, studyId, subjectId);
        UnblindedAllocation a = randomisation.allocationOf(studyId, s.id(), caller);
        noStore(response);
        addNav(caller, s, model);
        model.addAttribute("subject", s);
        // the treatment only: no stratum, list position, sequence code, kit or time of allocation reaches the page
        model.addAttribute("treatment", a.sequenceLabel());
        model.addAttribute("periods", a.armsByPeriod());
        return "randomisation/unblinded";
    }

    /** Refused (403) before anything of the subject is read unless the caller may unblind; another site's subject is 404. */
    private Subject subject(Caller caller, String studyId, String subjectId) {
        caller.require(studyId, Permission.EMERGENCY_UNBLIND);
        return subjects.get(studyId, subjectId, caller);
    }

    private String step(int step, Subject s, Caller caller, Confirmation c, Map<String, String> errors, Model model,
                        HttpServletResponse response) {
        noStore(response);
        addNav(caller, s, model);
        model.addAttribute("step", step);
        model.addAttribute("subject", s);
        model.addAttribute("confirmation", c);
        model.addAttribute("errors", errors);
        model.addAttribute("action", "/studies/" + s.studyId() + "/subjects/" + s.id() + "/emergency-unblinding");
        return "randomisation/emergency-unblinding";
    }

    private void addNav(Caller caller, Subject s, Model model) {
        model.addAttribute("site", sites.require(caller, s.studyId(), s.siteId()));
        model.addAttribute("canScreen", caller.has(s.studyId(), Permission.SCREEN_AND_ENROL));
        model.addAttribute("subjectPage", "/studies/" + s.studyId() + "/subjects/" + s.id());
    }

    private static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
    }

    /**
     * What the investigator gave on step 1: the reason (checked by the rules of the API's request) and the two
     * deliberate confirmations, a ticked box and the subject's number typed out.
     */
    public record Confirmation(String reason, boolean understood, String subjectNumber) {
        /**
         * Each field's problem, by field name; empty when step 2 may follow. The reason's are the API's messages, the
         * two confirmations' are message keys of the page.
         */
        Map<String, String> problems(Subject s) {
            Map<String, String> out = new LinkedHashMap<>();
            try {
                UnblindingRequest.requireReason(new UnblindingRequest(reason));
            } catch (InvalidInputException e) {
                out.putAll(e.messagesByField());
            }
            if (!understood) {
                out.put("understood", "unblinding.understood.required");
            }
            if (subjectNumber == null || !subjectNumber.strip().equals(s.id())) {
                out.put("subjectNumber", "unblinding.subjectNumber.mismatch");
            }
            return out;
        }
    }
}
