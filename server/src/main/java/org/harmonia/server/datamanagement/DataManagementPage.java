package org.harmonia.server.datamanagement;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Site;
import org.harmonia.trial.protocol.SubTrial;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The central data manager's page, {@code /studies/{studyId}/data-management}: completeness, overdue visits and forms
 * and query ageing for every site, narrowed by site, visit and form, each downloadable as CSV; the protocol's edit
 * checks with a button that runs them. The same services as the API, with the caller: the same filters are refused
 * by name and the same roles are refused.
 */
@Controller
public class DataManagementPage {
    private final DataManagementService views;
    private final EditCheckService checks;
    private final ProtocolCatalog catalog;

    public DataManagementPage(DataManagementService views, EditCheckService checks, ProtocolCatalog catalog) {
        this.views = views;
        this.checks = checks;
        this.catalog = catalog;
    }

    @GetMapping("/studies/{studyId}/data-management")
    public String show(Caller caller, @PathVariable String studyId, @RequestParam Map<String, String> params, Model model) {
        DataFilter filter = views.filter(studyId, params, caller);
        Protocol protocol = catalog.require(studyId);
        model.addAttribute("studyId", studyId);
        model.addAttribute("filter", filter);
        model.addAttribute("query", query(filter));
        model.addAttribute("sites", protocol.subTrials().stream().map(SubTrial::sites).flatMap(List::stream).toList());
        model.addAttribute("visits", protocol.visits());
        model.addAttribute("forms", protocol.forms().stream().filter(f -> !f.repeating()).toList());
        model.addAttribute("completeness", views.completeness(studyId, filter, caller));
        model.addAttribute("overdue", views.overdue(studyId, filter, caller));
        model.addAttribute("ageing", views.queryAgeing(studyId, new DataFilter(filter.siteId(), null, null, null), caller));
        model.addAttribute("checks", protocol.editChecks());
        model.addAttribute("mayRunChecks", caller.has(studyId, Permission.RAISE_AND_CLOSE_QUERIES));
        model.addAttribute("siteNames", protocol.subTrials().stream().map(SubTrial::sites).flatMap(List::stream)
                .collect(java.util.stream.Collectors.toMap(Site::id, Site::name, (a, b) -> a)));
        return "datamanagement/overview";
    }

    @GetMapping("/studies/{studyId}/data-management/{view}.csv")
    public ResponseEntity<byte[]> csv(Caller caller, @PathVariable String studyId, @PathVariable String view,
                                      @RequestParam Map<String, String> params) {
        DataFilter filter = views.filter(studyId, params, caller);
        String body = switch (view) {
            case "completeness" -> Csv.completeness(views.completeness(studyId, filter, caller));
            case "overdue" -> Csv.overdue(views.overdue(studyId, filter, caller));
            case "query-ageing" -> Csv.queryAgeing(views.queryAgeing(studyId, new DataFilter(filter.siteId(), null, null, filter.status()),
                    caller));
            default -> throw new NotFoundException("no view \"" + view + "\"; the views are completeness, overdue and query-ageing");
        };
        return ResponseEntity.ok().contentType(DataManagementController.CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + studyId + "-" + view + ".csv\"")
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    @PostMapping("/studies/{studyId}/data-management/edit-checks/runs")
    public String runChecks(Caller caller, @PathVariable String studyId, RedirectAttributes flash) {
        EditCheckRun run = checks.run(studyId, caller);
        // flash attributes live in the shared session store: plain serialisable values, not the run itself
        flash.addFlashAttribute("checkRun", new java.util.ArrayList<>(List.of(run.protocolVersion(), String.valueOf(run.subjects()),
                String.valueOf(run.findings()), String.valueOf(run.queriesRaised().size()), String.valueOf(run.alreadyRaised()))));
        return "redirect:/studies/" + studyId + "/data-management#edit-checks";
    }

    /** The filter as a query string for the CSV links, empty without one. */
    private static String query(DataFilter f) {
        StringBuilder q = new StringBuilder();
        append(q, "siteId", f.siteId());
        append(q, "visitId", f.visitId());
        append(q, "formId", f.formId());
        return q.isEmpty() ? "" : "?" + q;
    }

    private static void append(StringBuilder q, String name, String value) {
        if (value != null) {
            if (!q.isEmpty()) {
                q.append('&');
            }
            q.append(name).append('=').append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
