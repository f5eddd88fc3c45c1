package org.harmonia.server.protocol;

import java.util.List;
import org.harmonia.server.security.Caller;
import org.harmonia.server.system.NotFoundException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The studies and their protocols: {@code /api/studies}. */
@RestController
@RequestMapping("/api/studies")
public class StudyController {
    private final StudyRepository studies;

    public StudyController(StudyRepository studies) {
        this.studies = studies;
    }

    /** The studies the caller holds a role in (administrators: all). */
    @GetMapping
    public List<StudySummary> list(Caller caller) {
        return studies.list().stream().filter(s -> caller.inStudy(s.id())).toList();
    }

    /** The study's current protocol as stored at load time: design, arms, sequences, epochs, visits, sub-trials... */
    @GetMapping("/{studyId}")
    public ResponseEntity<String> study(@PathVariable String studyId, Caller caller) {
        if (!caller.inStudy(studyId)) {
            throw new NotFoundException("no study \"" + studyId + "\"");
        }
        String definition = studies.currentDefinition(studyId)
                .orElseThrow(() -> new NotFoundException("no study \"" + studyId + "\""));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(definition);
    }
}
