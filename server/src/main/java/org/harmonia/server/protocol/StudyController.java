package org.harmonia.server.protocol;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.system.NotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The studies and their protocols: {@code /api/studies}. */
@RestController
@RequestMapping("/api/studies")
public class StudyController {
    private final StudyRepository studies;
    private final JsonMapper json;

    public StudyController(StudyRepository studies, JsonMapper json) {
        this.studies = studies;
        this.json = json;
    }

    /** The studies the caller holds a role in (administrators: all). */
    @GetMapping
    @org.harmonia.server.system.ErrorResponses(omit = 403)
    public List<StudySummary> list(Caller caller) {
        return studies.list().stream().filter(s -> caller.inStudy(s.id())).toList();
    }

    /**
     * The study's current protocol as stored at load time: design, arms, sequences, epochs, visits, sub-trials...
     * The randomisation's parameters and the concealed assumptions only for the unblinded statistician.
     */
    @GetMapping("/{studyId}")
    @ApiResponse(responseCode = "200", description = "the protocol definition, as the caller may read it",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    @org.harmonia.server.system.ErrorResponses(omit = {403, 422})
    public ObjectNode study(@PathVariable String studyId, Caller caller) {
        if (!caller.inStudy(studyId)) {
            throw new NotFoundException("no study \"" + studyId + "\"");
        }
        String definition = studies.currentDefinition(studyId)
                .orElseThrow(() -> new NotFoundException("no study \"" + studyId + "\""));
        ObjectNode stored = (ObjectNode) json.readTree(definition);
        return caller.has(studyId, Permission.MANAGE_RANDOMISATION) ? stored : ProtocolView.forBlinded(stored);
    }
}
