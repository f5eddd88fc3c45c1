package org.harmonia.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Locale;
import java.util.Optional;
import org.harmonia.server.security.Caller;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The language of a page: the one chosen with the account, else the browser's first language the pages speak,
 * else English. The account's choice is read once per session, not on every request.
 */
public class AccountLocaleResolver implements LocaleResolver {
    static final String SESSION_LANGUAGE = AccountLocaleResolver.class.getName() + ".language";

    private final AccountLanguage accounts;

    public AccountLocaleResolver(AccountLanguage accounts) {
        this.accounts = accounts;
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SESSION_LANGUAGE) instanceof Language chosen) {
            return chosen.locale();
        }
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a != null && a.getPrincipal() instanceof Caller caller && !caller.isSystem()) {
            Optional<Language> stored = accounts.of(caller);
            if (stored.isPresent()) {
                if (session != null) {
                    session.setAttribute(SESSION_LANGUAGE, stored.get());
                }
                return stored.get().locale();
            }
        }
        return Language.preferredBy(request).locale();
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        Language.ofCode(locale == null ? null : locale.getLanguage())
                .ifPresent(l -> request.getSession().setAttribute(SESSION_LANGUAGE, l));
    }
}
