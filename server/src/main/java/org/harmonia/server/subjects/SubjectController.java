package org.harmonia.server.subjects;

import java.net.URI;
import java.util.List;
import org.harmonia.server.system.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Screening, enrolment, study exit and listing of subjects: {@code /api/studies/{studyId}/...}. */
@RestController
@RequestMapping("/api/studies/{studyId}")
public class SubjectController {
    private final SubjectService subjects;
    private final CurrentUser user;

    public SubjectController(SubjectService subjects, CurrentUser user) {
        this.subjects = subjects;
        this.user = user;
    }

    @PostMapping("/screenings")
    public ResponseEntity<Subject> screen(@PathVariable String studyId, @RequestBody(required = false) ScreeningRequest request) {
        Subject s = subjects.screen(studyId, request, user.name());
        return ResponseEntity.created(URI.create("/api/studies/" + studyId + "/subjects/" + s.id())).body(s);
    }

    @GetMapping("/sites/{siteId}/subjects")
    public List<Subject> bySite(@PathVariable String studyId, @PathVariable String siteId) {
        return subjects.bySite(studyId, siteId);
    }

    @GetMapping("/subjects/{subjectId}")
    public Subject get(@PathVariable String studyId, @PathVariable String subjectId) {
        return subjects.get(studyId, subjectId);
    }

    @GetMapping("/subjects/{subjectId}/eligibility")
    public EligibilityResult eligibility(@PathVariable String studyId, @PathVariable String subjectId) {
        return subjects.get(studyId, subjectId).eligibility();
    }

    @PutMapping("/subjects/{subjectId}/screening")
    public Subject updateScreening(@PathVariable String studyId, @PathVariable String subjectId,
                                   @RequestBody(required = false) ScreeningUpdate update) {
        return subjects.updateScreening(studyId, subjectId, update, user.name());
    }

    @PostMapping("/subjects/{subjectId}/enrolment")
    public Subject enrol(@PathVariable String studyId, @PathVariable String subjectId,
                         @RequestBody(required = false) Enrolment enrolment) {
        return subjects.enrol(studyId, subjectId, enrolment, user.name());
    }

    @PostMapping("/subjects/{subjectId}/withdrawal")
    public Subject withdraw(@PathVariable String studyId, @PathVariable String subjectId,
                            @RequestBody(required = false) StudyExit exit) {
        return subjects.withdraw(studyId, subjectId, exit, user.name());
    }

    @PostMapping("/subjects/{subjectId}/completion")
    public Subject complete(@PathVariable String studyId, @PathVariable String subjectId,
                            @RequestBody(required = false) StudyExit exit) {
        return subjects.complete(studyId, subjectId, exit, user.name());
    }
}
