package org.harmonia.server.signatures;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.subjects.Subject;
import org.harmonia.server.subjects.SubjectService;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.web.PostedForm;
import org.harmonia.server.web.SiteChoices;
import org.harmonia.trial.protocol.Visit;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A subject's casebook and its signatures, {@code /studies/{studyId}/subjects/{subjectId}/signatures}: exactly what a
 * signature of the whole casebook would sign now (the canonical text and its SHA-256), every signature with its
 * meaning and whether the data still match it, and for the site investigator the form to sign with the password.
 */
@Controller
public class SignaturePage {
    private final SignatureService signatures;
    private final SubjectService subjects;
    private final ProtocolCatalog catalog;
    private final SiteChoices sites;

    public SignaturePage(SignatureService signatures, SubjectService subjects, ProtocolCatalog catalog, SiteChoices sites) {
        this.signatures = signatures;
        this.subjects = subjects;
        this.catalog = catalog;
        this.sites = sites;
    }

    @GetMapping("/studies/{studyId}/subjects/{subjectId}/signatures")
    public String show(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, Model model) {
        return page(studyId, subjectId, caller, model);
    }

    @PostMapping("/studies/{studyId}/subjects/{subjectId}/signatures")
    public String sign(Caller caller, @PathVariable String studyId, @PathVariable String subjectId,
                       @RequestParam(required = false) String visitId, @RequestParam(required = false) String meaning,
                       @RequestParam(required = false) String password, Model model, HttpServletResponse response,
                       RedirectAttributes flash) {
        try {
            Signature s = signatures.sign(studyId, subjectId, new SignatureRequest(PostedForm.orNull(visitId), PostedForm.orNull(meaning),
                    password == null || password.isEmpty() ? null : password), caller);
            flash.addFlashAttribute("notice", "signature.page.notice.signed");
            flash.addFlashAttribute("noticeSignature", s.id());
            return "redirect:/studies/" + studyId + "/subjects/" + subjectId + "/signatures";
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("errors", e.messagesByField());
            model.addAttribute("chosenVisit", visitId);
            return page(studyId, subjectId, caller, model);
        } catch (ConflictException e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("errors", Map.of("", e.getMessage()));
            model.addAttribute("chosenVisit", visitId);
            return page(studyId, subjectId, caller, model);
        }
    }

    private String page(String studyId, String subjectId, Caller caller, Model model) {
        Subject subject = subjects.get(studyId, subjectId, caller);
        List<Signature> list = signatures.bySubject(studyId, subjectId, caller);
        CasebookContent content = signatures.content(studyId, subjectId, null);
        List<Visit> visits = catalog.require(studyId).visits();
        model.addAttribute("subject", subject);
        model.addAttribute("signatures", list);
        model.addAttribute("casebook", content);
        model.addAttribute("visits", visits);
        model.addAttribute("needsNewSignature", !list.isEmpty() && list.get(0).status() == Signature.Status.BROKEN);
        model.addAttribute("maySign", caller.has(studyId, Permission.SIGN_CASEBOOKS)
                && caller.scope(studyId, Permission.SIGN_CASEBOOKS).contains(subject.siteId()));
        model.addAttribute("meaning", SignatureMeaning.ACCURATE_AND_COMPLETE);
        model.addAttribute("subjectPage", "/studies/" + studyId + "/subjects/" + subjectId);
        model.addAttribute("site", sites.require(caller, studyId, subject.siteId()));
        model.addAttribute("canScreen", caller.has(studyId, Permission.SCREEN_AND_ENROL));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "signatures/signatures";
    }
}
