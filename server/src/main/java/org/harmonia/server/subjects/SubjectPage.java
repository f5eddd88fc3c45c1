package org.harmonia.server.subjects;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.visits.FormService;
import org.harmonia.server.visits.ScheduleEntry;
import org.harmonia.server.web.SiteChoices;
import org.harmonia.trial.forms.FormDefinition;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A subject's page, {@code /studies/{studyId}/subjects/{subjectId}}: status and the schedule of activities with
 * each visit's forms. Never an allocation: the page reads the subject and schedule the API gives every site role.
 */
@Controller
public class SubjectPage {
    private final SubjectService subjects;
    private final FormService forms;
    private final ProtocolCatalog catalog;
    private final SiteChoices sites;

    public SubjectPage(SubjectService subjects, FormService forms, ProtocolCatalog catalog, SiteChoices sites) {
        this.subjects = subjects;
        this.forms = forms;
        this.catalog = catalog;
        this.sites = sites;
    }

    @GetMapping("/studies/{studyId}/subjects/{subjectId}")
    public String subject(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, Model model) {
        Subject subject = subjects.get(studyId, subjectId, caller);
        List<ScheduleEntry> schedule = subject.dayZero() == null ? List.of() : forms.schedule(studyId, subjectId, caller);
        Map<String, FormDefinition> definitions = new LinkedHashMap<>();
        for (FormDefinition f : catalog.require(studyId).forms()) {
            definitions.put(f.id(), f);
        }
        model.addAttribute("subject", subject);
        model.addAttribute("schedule", schedule);
        model.addAttribute("definitions", definitions);
        model.addAttribute("mayEnter", subject.status().acceptsVisitData() && caller.has(studyId, Permission.ENTER_DATA));
        model.addAttribute("site", sites.require(caller, studyId, subject.siteId()));
        model.addAttribute("canScreen", caller.has(studyId, Permission.SCREEN_AND_ENROL));
        return "subjects/overview";
    }
}
