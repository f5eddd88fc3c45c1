package org.harmonia.server.randomisation;

import java.util.List;
import org.harmonia.server.randomisation.RandomisationViews.Allocated;
import org.harmonia.server.randomisation.RandomisationViews.Extension;
import org.harmonia.server.randomisation.RandomisationViews.ExtensionRequest;
import org.harmonia.server.randomisation.RandomisationViews.KitView;
import org.harmonia.server.randomisation.RandomisationViews.ListRequest;
import org.harmonia.server.randomisation.RandomisationViews.ListSummary;
import org.harmonia.server.randomisation.RandomisationViews.Notification;
import org.harmonia.server.randomisation.RandomisationViews.Slot;
import org.harmonia.server.randomisation.RandomisationViews.UnblindedAllocation;
import org.harmonia.server.randomisation.RandomisationViews.UnblindingRequest;
import org.harmonia.server.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Randomisation, dispensing and unblinding: {@code /api/studies/{studyId}/...}. */
@RestController
@RequestMapping("/api/studies/{studyId}")
public class RandomisationController {
    private final RandomisationService randomisation;

    public RandomisationController(RandomisationService randomisation) {
        this.randomisation = randomisation;
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/randomisation/list")
    public ResponseEntity<ListSummary> generate(Caller caller, @PathVariable String studyId,
                                                @RequestBody(required = false) ListRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(randomisation.generate(studyId, request, caller));
    }

    @GetMapping("/randomisation/list")
    public List<Slot> export(Caller caller, @PathVariable String studyId) {
        return randomisation.export(studyId, caller);
    }

    /** Extends the list by whole blocks (the unblinded statistician); allocation also extends a used-up stratum by itself. */
    @PostMapping("/randomisation/list/extensions")
    public ResponseEntity<List<Extension>> extend(Caller caller, @PathVariable String studyId,
                                                  @RequestBody(required = false) ExtensionRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(randomisation.extend(studyId, request, caller));
    }

    @GetMapping("/randomisation/list/extensions")
    public List<Extension> extensions(Caller caller, @PathVariable String studyId) {
        return randomisation.extensions(studyId, caller);
    }

    @GetMapping("/randomisation/allocations")
    public List<UnblindedAllocation> allocations(Caller caller, @PathVariable String studyId) {
        return randomisation.allocations(studyId, caller);
    }

    @PostMapping("/subjects/{subjectId}/randomisation")
    public Allocated randomise(Caller caller, @PathVariable String studyId, @PathVariable String subjectId) {
        return randomisation.randomise(studyId, subjectId, caller);
    }

    @GetMapping("/subjects/{subjectId}/allocation")
    public UnblindedAllocation allocation(Caller caller, @PathVariable String studyId, @PathVariable String subjectId) {
        return randomisation.allocationOf(studyId, subjectId, caller);
    }

    @PostMapping("/subjects/{subjectId}/emergency-unblinding")
    public UnblindedAllocation unblind(Caller caller, @PathVariable String studyId, @PathVariable String subjectId,
                                       @RequestBody(required = false) UnblindingRequest request) {
        return randomisation.emergencyUnblind(studyId, subjectId, request, caller);
    }

    @GetMapping("/kits/{kitNumber}")
    public KitView kit(Caller caller, @PathVariable String studyId, @PathVariable String kitNumber) {
        return randomisation.kit(studyId, kitNumber, caller);
    }

    @GetMapping("/notifications")
    public List<Notification> notifications(Caller caller, @PathVariable String studyId) {
        return randomisation.notifications(studyId, caller);
    }
}
