package org.harmonia.server.locks;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
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
 * The study's locks, {@code /studies/{studyId}/locks}: every lock, live or lifted, with who, when and why; for the data
 * manager, the forms to lock a form record, a casebook or the whole study and to unlock with a reason. Everything goes
 * through {@link LockService} with the caller, as in the API; its messages show next to their fields.
 */
@Controller
public class LockPage {
    private final LockService locks;
    private final ProtocolCatalog catalog;

    public LockPage(LockService locks, ProtocolCatalog catalog) {
        this.locks = locks;
        this.catalog = catalog;
    }

    @GetMapping("/studies/{studyId}/locks")
    public String list(Caller caller, @PathVariable String studyId, Model model) {
        return page(studyId, caller, model);
    }

    @PostMapping("/studies/{studyId}/locks")
    public String lock(Caller caller, @PathVariable String studyId, @RequestParam(required = false) String scope,
                       @RequestParam(required = false) String subjectId, @RequestParam(required = false) String formRecordId,
                       @RequestParam(required = false) String name, @RequestParam(required = false) String reason,
                       Model model, HttpServletResponse response, RedirectAttributes flash) {
        String form = LockScope.parse(scope).map(LockScope::word).orElse("study");
        try {
            Long record = null;
            if (PostedForm.orNull(formRecordId) != null) {
                try {
                    record = Long.valueOf(formRecordId.strip());
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("formRecordId", "expected the number of a form record");
                }
            }
            DataLock lock = locks.lock(studyId, new LockRequests.Lock(scope, PostedForm.orNull(subjectId), record,
                    PostedForm.orNull(name), PostedForm.orNull(reason)), caller);
            flash.addFlashAttribute("notice", "lock.page.notice.locked");
            flash.addFlashAttribute("noticeLock", lock.id());
            return "redirect:/studies/" + studyId + "/locks";
        } catch (InvalidInputException | ConflictException | NotFoundException e) {
            response.setStatus(e instanceof InvalidInputException ? HttpStatus.UNPROCESSABLE_CONTENT.value()
                    : e instanceof NotFoundException ? HttpStatus.NOT_FOUND.value() : HttpStatus.CONFLICT.value());
            model.addAttribute("failedForm", form);
            model.addAttribute("errors", e instanceof InvalidInputException i ? i.messagesByField() : Map.of("", e.getMessage()));
            model.addAttribute("entered", Map.of("subjectId", text(subjectId), "formRecordId", text(formRecordId), "name", text(name),
                    "reason", text(reason)));
            return page(studyId, caller, model);
        }
    }

    @PostMapping("/studies/{studyId}/locks/{lockId}/unlock")
    public String unlock(Caller caller, @PathVariable String studyId, @PathVariable long lockId,
                         @RequestParam(required = false) String reason, @RequestParam(required = false) String version,
                         Model model, HttpServletResponse response, RedirectAttributes flash) {
        try {
            locks.unlock(studyId, lockId, new LockRequests.Unlock(PostedForm.orNull(reason), PostedForm.versionOf(version)), caller);
            flash.addFlashAttribute("notice", "lock.page.notice.unlocked");
            flash.addFlashAttribute("noticeLock", lockId);
            return "redirect:/studies/" + studyId + "/locks";
        } catch (InvalidInputException | ConflictException e) {
            response.setStatus(e instanceof InvalidInputException ? HttpStatus.UNPROCESSABLE_CONTENT.value() : HttpStatus.CONFLICT.value());
            model.addAttribute("unlockFailed", lockId);
            model.addAttribute("unlockErrors", e instanceof InvalidInputException i ? i.messagesByField() : Map.of("", e.getMessage()));
            return page(studyId, caller, model);
        }
    }

    private String page(String studyId, Caller caller, Model model) {
        model.addAttribute("studyId", studyId);
        model.addAttribute("studyTitle", catalog.require(studyId).title());
        model.addAttribute("locks", locks.list(studyId, false, caller));
        model.addAttribute("mayLock", caller.has(studyId, Permission.LOCK_DATA));
        model.addAttribute("mayReadReports", caller.has(studyId, Permission.READ_BLINDED_REPORTS)
                || caller.has(studyId, Permission.READ_UNBLINDED_REPORTS));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        if (!model.containsAttribute("unlockErrors")) {
            model.addAttribute("unlockErrors", Map.of());
        }
        if (!model.containsAttribute("entered")) {
            model.addAttribute("entered", Map.of());
        }
        return "locks/locks";
    }

    private static String text(String posted) {
        return posted == null ? "" : posted;
    }
}
