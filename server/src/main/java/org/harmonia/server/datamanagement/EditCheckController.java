package org.harmonia.server.datamanagement;

import java.util.List;
import org.harmonia.server.security.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The protocol's edit checks, {@code /api/studies/{studyId}/edit-checks}, and running them on demand. */
@RestController
@RequestMapping("/api/studies/{studyId}/edit-checks")
public class EditCheckController {
    private final EditCheckService checks;

    public EditCheckController(EditCheckService checks) {
        this.checks = checks;
    }

    @GetMapping
    public List<EditCheckView> list(Caller caller, @PathVariable String studyId) {
        return checks.checks(studyId, caller).stream().map(EditCheckView::of).toList();
    }

    /** Every check over every subject now, e.g. after a protocol amendment; each finding raises its query once. */
    @PostMapping("/runs")
    public EditCheckRun run(Caller caller, @PathVariable String studyId) {
        return checks.run(studyId, caller);
    }
}
