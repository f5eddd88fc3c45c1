package org.harmonia.server.metaanalysis;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.harmonia.server.security.Caller;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The trials included in a meta-analysis study: {@code /api/studies/{studyId}/included-trials}. */
@RestController
@RequestMapping("/api/studies/{studyId}/included-trials")
public class IncludedTrialController {
    private final IncludedTrialService trials;

    public IncludedTrialController(IncludedTrialService trials) {
        this.trials = trials;
    }

    /**
     * The body of a recording, in the names of {@link IncludedTrial}; counts are boxed so that a missing one is refused
     * by name instead of being read as 0.
     */
    public record Request(String id, String label, Integer experimentalEvents, Integer experimentalTotal, Integer controlEvents,
                          Integer controlTotal, Integer experimentalAnyAe, Integer controlAnyAe, Map<String, String> moderators,
                          String source) {
        IncludedTrial trial() {
            return new IncludedTrial(id, label, required("experimentalEvents", experimentalEvents),
                    required("experimentalTotal", experimentalTotal), required("controlEvents", controlEvents),
                    required("controlTotal", controlTotal), experimentalAnyAe, controlAnyAe,
                    moderators == null ? Map.of() : moderators, source);
        }

        private static int required(String field, Integer value) {
            if (value == null) {
                throw new InvalidInputException(field, "is required");
            }
            return value;
        }
    }

    @GetMapping
    public List<IncludedTrial> list(Caller caller, @PathVariable String studyId) {
        return trials.list(studyId, caller);
    }

    @GetMapping("/{trialId}")
    public IncludedTrial get(Caller caller, @PathVariable String studyId, @PathVariable String trialId) {
        return trials.find(studyId, trialId, caller);
    }

    /** 201 with the trial's address when recorded now; 200 when the very same trial was recorded before. */
    @PostMapping
    @ApiResponse(responseCode = "201", description = "the trial, recorded now",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = IncludedTrial.class)))
    @ApiResponse(responseCode = "200", description = "the trial, recorded before with the very same values; nothing changed",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = IncludedTrial.class)))
    public ResponseEntity<IncludedTrial> record(Caller caller, @PathVariable String studyId,
                                                @RequestBody(required = false) Request request) {
        if (request == null) {
            throw new InvalidInputException("body", "the included trial is required");
        }
        IncludedTrialService.Inclusion inclusion = trials.include(studyId, request.trial(), caller);
        URI location = URI.create("/api/studies/" + studyId + "/included-trials/" + inclusion.trial().id());
        return inclusion.recorded() ? ResponseEntity.created(location).body(inclusion.trial())
                : ResponseEntity.ok().location(location).body(inclusion.trial());
    }
}
