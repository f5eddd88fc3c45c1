package org.harmonia.server.web;

import java.util.List;
import org.harmonia.server.security.Caller;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The address a browser opens: straight to the user's site dashboard, or a choice when they work at several. */
@Controller
public class HomePage {
    private final SiteChoices choices;

    public HomePage(SiteChoices choices) {
        this.choices = choices;
    }

    @GetMapping("/")
    public String home(Caller caller, Model model) {
        List<SiteChoice> sites = choices.of(caller);
        if (sites.size() == 1) {
            return "redirect:" + sites.get(0).dashboard();
        }
        model.addAttribute("sites", sites);
        return "choose-site";
    }

    @GetMapping("/sites")
    public String choose(Caller caller, Model model) {
        model.addAttribute("sites", choices.of(caller));
        return "choose-site";
    }
}
