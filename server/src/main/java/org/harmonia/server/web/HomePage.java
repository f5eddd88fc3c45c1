package org.harmonia.server.web;

import java.util.List;
import org.harmonia.server.pharmacy.PharmacyNavigation;
import org.harmonia.server.security.AdministrationAccess;
import org.harmonia.server.security.Caller;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The address a browser opens: straight to the user's site dashboard, or a choice when they work at several, or the
 * administration for an administrator who works at no site.
 */
@Controller
public class HomePage {
    private final SiteChoices choices;
    private final AdministrationAccess administration;
    private final PharmacyNavigation pharmacyNav;

    public HomePage(SiteChoices choices, AdministrationAccess administration, PharmacyNavigation pharmacyNav) {
        this.choices = choices;
        this.administration = administration;
        this.pharmacyNav = pharmacyNav;
    }

    @GetMapping("/")
    public String home(Caller caller, Model model) {
        List<SiteChoice> sites = choices.of(caller);
        if (sites.size() == 1) {
            return "redirect:" + sites.get(0).dashboard();
        }
        if (sites.isEmpty() && administration.opensFor(caller)) {
            // an administrator without a site role has no site to choose, but users to manage
            return "redirect:/admin";
        }
        String pharmacy = pharmacyNav.studyOf(caller);
        if (sites.isEmpty() && pharmacy != null) {
            // the unblinded pharmacist reads no subject data: their work is the study's pharmacy
            return "redirect:/studies/" + pharmacy + "/pharmacy";
        }
        model.addAttribute("sites", sites);
        model.addAttribute("studies", choices.studies(caller));
        return "choose-site";
    }

    @GetMapping("/sites")
    public String choose(Caller caller, Model model) {
        model.addAttribute("sites", choices.of(caller));
        model.addAttribute("studies", choices.studies(caller));
        return "choose-site";
    }
}
