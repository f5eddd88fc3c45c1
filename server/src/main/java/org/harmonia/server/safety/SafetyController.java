package org.harmonia.server.safety;

import java.net.URI;
import java.util.List;
import org.harmonia.server.security.Caller;
import org.harmonia.server.visits.FormEntry;
import org.harmonia.server.visits.FormService;
import org.harmonia.server.visits.SavedForm;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Adverse event reporting and the expedited reports of serious ones: {@code /api/studies/{studyId}/...}. */
@RestController
@RequestMapping("/api/studies/{studyId}")
public class SafetyController {
    private final FormService forms;
    private final SafetyService safety;

    public SafetyController(FormService forms, SafetyService safety) {
        this.forms = forms;
        this.safety = safety;
    }

    /** An adverse event as saved, with the expedited report it raised if it is serious. */
    public record ReportedAdverseEvent(SavedForm saved, ExpeditedReport expeditedReport) {
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/subjects/{subjectId}/adverse-events")
    public ResponseEntity<ReportedAdverseEvent> report(Caller caller, @PathVariable String studyId, @PathVariable String subjectId,
                                                       @RequestParam(required = false) String visit,
                                                       @RequestBody(required = false) FormEntry entry) {
        SavedForm saved = forms.add(studyId, subjectId, SafetyService.ADVERSE_EVENT_FORM, visit, entry, caller);
        return ResponseEntity.created(URI.create("/api/studies/" + studyId + "/form-records/" + saved.record().id()))
                .body(new ReportedAdverseEvent(saved, "yes".equals(saved.record().values().get("serious"))
                        ? safety.reportFor(saved.record().id()).orElse(null) : null));
    }

    @GetMapping("/expedited-reports")
    public List<ExpeditedReport> list(Caller caller, @PathVariable String studyId, @RequestParam(defaultValue = "false") boolean open) {
        return safety.list(studyId, open, caller);
    }

    @PostMapping("/expedited-reports/{reportId}/submission")
    public ExpeditedReport submit(Caller caller, @PathVariable String studyId, @PathVariable long reportId) {
        return safety.submit(studyId, reportId, caller);
    }
}
