package org.harmonia.server.visits;

import java.net.URI;
import java.util.List;
import org.harmonia.server.security.Caller;
import org.harmonia.server.system.ErrorResponses;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Schedules, visits and eCRFs: {@code /api/studies/{studyId}/subjects/{subjectId}/...} and {@code /form-records}. */
@RestController
@RequestMapping("/api/studies/{studyId}")
public class VisitController {
    private final FormService forms;

    public VisitController(FormService forms) {
        this.forms = forms;
    }

    @ErrorResponses(add = 409) // a subject not yet enrolled has no day 0 to count from
    @GetMapping("/subjects/{subjectId}/schedule")
    public List<ScheduleEntry> schedule(Caller caller, @PathVariable String studyId, @PathVariable String subjectId) {
        return forms.schedule(studyId, subjectId, caller);
    }

    @PutMapping("/subjects/{subjectId}/visits/{visitId}")
    public RecordedVisit recordVisit(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, @PathVariable String visitId,
                                     @RequestBody(required = false) VisitEntry entry) {
        return forms.recordVisit(studyId, subjectId, visitId, entry, caller);
    }

    @PutMapping("/subjects/{subjectId}/visits/{visitId}/forms/{formId}")
    public SavedForm saveAtVisit(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, @PathVariable String visitId,
                                 @PathVariable String formId, @RequestBody(required = false) FormEntry entry) {
        return forms.saveAtVisit(studyId, subjectId, visitId, formId, entry, caller);
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/subjects/{subjectId}/forms/{formId}")
    public ResponseEntity<SavedForm> add(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, @PathVariable String formId,
                                         @RequestParam(required = false) String visit, @RequestBody(required = false) FormEntry entry) {
        SavedForm saved = forms.add(studyId, subjectId, formId, visit, entry, caller);
        return ResponseEntity.created(URI.create("/api/studies/" + studyId + "/form-records/" + saved.record().id())).body(saved);
    }

    @GetMapping("/subjects/{subjectId}/forms")
    public List<FormRecord> bySubject(Caller caller, @PathVariable String studyId, @PathVariable String subjectId,
                                      @RequestParam(defaultValue = "false") boolean includeVoided) {
        return forms.bySubject(studyId, subjectId, includeVoided, caller);
    }

    @GetMapping("/form-records/{recordId}")
    public FormRecord get(Caller caller, @PathVariable String studyId, @PathVariable long recordId) {
        return forms.get(studyId, recordId, caller);
    }

    @PutMapping("/form-records/{recordId}")
    public SavedForm correct(Caller caller, @PathVariable String studyId, @PathVariable long recordId, @RequestBody(required = false) FormEntry entry) {
        return forms.correct(studyId, recordId, entry, caller);
    }

    @PostMapping("/form-records/{recordId}/void")
    public FormRecord voidRecord(Caller caller, @PathVariable String studyId, @PathVariable long recordId,
                                 @RequestBody(required = false) VoidRequest request) {
        return forms.voidRecord(studyId, recordId, request, caller);
    }
}
