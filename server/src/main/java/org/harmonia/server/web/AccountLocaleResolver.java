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
 * else English. The account's choice is read once per session, not on every request, and so is its absence: an
 * account that never chose keeps following its browser without a query on every page.
 */
public class AccountLocaleResolver implements LocaleResolver {
    static final String SESSION_LANGUAGE = AccountLocaleResolver.class.getName() + ".language";
    /** Set once the account was found to have no language of its own; choosing one sets {@link #SESSION_LANGUAGE}. */
    static final String SESSION_NO_ACCOUNT_LANGUAGE = AccountLocaleResolver.class.getName() + ".noAccountLanguage";

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
        boolean checked = session != null && Boolean.TRUE.equals(session.getAttribute(SESSION_NO_ACCOUNT_LANGUAGE));
        if (!checked && a != null && a.getPrincipal() instanceof Caller caller && !caller.isSystem()) {
            Optional<Language> stored = accounts.of(caller);
            if (stored.isPresent()) {
                if (session != null) {
                    session.setAttribute(SESSION_LANGUAGE, stored.get());
                }
                return stored.get().locale();
            }
            if (session != null) {
                session.setAttribute(SESSION_NO_ACCOUNT_LANGUAGE, Boolean.TRUE);
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
