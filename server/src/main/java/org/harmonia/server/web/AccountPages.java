package org.harmonia.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.harmonia.server.security.Caller;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.LocaleResolver;

/** Signing in (the form; Spring Security checks it) and the language chosen for the account. */
@Controller
public class AccountPages {
    private final AccountLanguage languages;
    private final LocaleResolver locales;

    public AccountPages(AccountLanguage languages, LocaleResolver locales) {
        this.languages = languages;
        this.locales = locales;
    }

    @GetMapping("/login")
    public String login(@RequestParam(required = false) String error, @RequestParam(required = false) String signedOut,
                        org.springframework.ui.Model model) {
        model.addAttribute("failed", error != null);
        model.addAttribute("signedOut", signedOut != null);
        return "login";
    }

    @PostMapping("/account/language")
    public String chooseLanguage(Caller caller, @RequestParam(required = false) String language,
                                 @RequestParam(required = false) String returnTo, HttpServletRequest request,
                                 HttpServletResponse response) {
        Language chosen = languages.choose(caller, language);
        locales.setLocale(request, response, chosen.locale());
        return "redirect:" + (isLocalPath(returnTo) ? returnTo : "/");
    }

    /** Only a path on this server: never another site's address (no open redirect). */
    static boolean isLocalPath(String path) {
        return path != null && path.startsWith("/") && !path.startsWith("//") && !path.contains("\\")
                && path.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }
}
