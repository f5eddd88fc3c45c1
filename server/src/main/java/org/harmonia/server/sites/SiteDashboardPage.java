package org.harmonia.server.sites;

import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.web.SiteChoices;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The site dashboard page, {@code /studies/{studyId}/sites/{siteId}}. */
@Controller
public class SiteDashboardPage {
    private final SiteDashboardService dashboards;
    private final SiteChoices sites;

    public SiteDashboardPage(SiteDashboardService dashboards, SiteChoices sites) {
        this.dashboards = dashboards;
        this.sites = sites;
    }

    @GetMapping("/studies/{studyId}/sites/{siteId}")
    public String dashboard(Caller caller, @PathVariable String studyId, @PathVariable String siteId, Model model) {
        model.addAttribute("dashboard", dashboards.of(studyId, siteId, caller));
        model.addAttribute("site", sites.require(caller, studyId, siteId));
        model.addAttribute("canScreen", caller.has(studyId, Permission.SCREEN_AND_ENROL));
        return "sites/dashboard";
    }
}
