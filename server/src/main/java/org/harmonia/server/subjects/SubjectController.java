package org.harmonia.server.subjects;

import java.net.URI;
import java.util.List;
import org.harmonia.server.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Screening, enrolment, study exit and listing of subjects: {@code /api/studies/{studyId}/...}. */
@RestController
@RequestMapping("/api/studies/{studyId}")
public class SubjectController {
    private final SubjectService subjects;

    public SubjectController(SubjectService subjects) {
        this.subjects = subjects;
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/screenings")
    public ResponseEntity<Subject> screen(Caller caller, @PathVariable String studyId, @RequestBody(required = false) ScreeningRequest request) {
        Subject s = subjects.screen(studyId, request, caller);
        return ResponseEntity.created(URI.create("/api/studies/" + studyId + "/subjects/" + s.id())).body(s);
    }

    @GetMapping("/sites/{siteId}/subjects")
    public List<Subject> bySite(Caller caller, @PathVariable String studyId, @PathVariable String siteId) {
        return subjects.bySite(studyId, siteId, caller);
    }

    @GetMapping("/subjects/{subjectId}")
    public Subject get(Caller caller, @PathVariable String studyId, @PathVariable String subjectId) {
        return subjects.get(studyId, subjectId, caller);
    }

    @GetMapping("/subjects/{subjectId}/eligibility")
    public EligibilityResult eligibility(Caller caller, @PathVariable String studyId, @PathVariable String subjectId) {
        return subjects.get(studyId, subjectId, caller).eligibility();
    }

    @PutMapping("/subjects/{subjectId}/screening")
    public Subject updateScreening(Caller caller, @PathVariable String studyId, @PathVariable String subjectId,
                                   @RequestBody(required = false) ScreeningUpdate update) {
        return subjects.updateScreening(studyId, subjectId, update, caller);
    }

    @PostMapping("/subjects/{subjectId}/enrolment")
    public Subject enrol(Caller caller, @PathVariable String studyId, @PathVariable String subjectId,
                         @RequestBody(required = false) Enrolment enrolment) {
        return subjects.enrol(studyId, subjectId, enrolment, caller);
    }

    @PostMapping("/subjects/{subjectId}/withdrawal")
    public Subject withdraw(Caller caller, @PathVariable String studyId, @PathVariable String subjectId,
                            @RequestBody(required = false) StudyExit exit) {
        return subjects.withdraw(studyId, subjectId, exit, caller);
    }

    @PostMapping("/subjects/{subjectId}/completion")
    public Subject complete(Caller caller, @PathVariable String studyId, @PathVariable String subjectId,
                            @RequestBody(required = false) StudyExit exit) {
        return subjects.complete(studyId, subjectId, exit, caller);
    }
}
