package org.harmonia.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import org.harmonia.server.security.Caller;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * What every template may ask for as {@code @pages}: the signed-in user, the languages, the current address,
 * and dates, times and numbers written the way the page's language writes them.
 */
@Component("pages")
public class PageModel {
    private final Clock clock;
    private final java.time.Duration sessionWarning;

    public PageModel(Clock clock, @org.springframework.beans.factory.annotation.Value("${harmonia.session.warning-before:2m}")
                     java.time.Duration sessionWarning) {
        this.clock = clock;
        this.sessionWarning = sessionWarning;
    }

    /** Seconds a signed-in session stays alive without a request (the server's session timeout), or 0 without a session. */
    public long sessionSeconds() {
        if (caller() != null && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
            jakarta.servlet.http.HttpSession session = a.getRequest().getSession(false);
            return session == null ? 0 : Math.max(0, session.getMaxInactiveInterval());
        }
        return 0;
    }

    /** The warning's lead time in whole minutes, as the message says it (at least one). */
    public long sessionWarningMinutes() {
        return Math.max(1, Math.round(sessionWarningSeconds() / 60.0));
    }

    /** Seconds before the end of the session at which the page warns, never more than the session lasts. */
    public long sessionWarningSeconds() {
        return Math.min(sessionWarning.toSeconds(), sessionSeconds());
    }

    public Caller caller() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a != null && a.getPrincipal() instanceof Caller c ? c : null;
    }

    public List<Language> languages() {
        return List.of(Language.values());
    }

    public String language() {
        return locale().getLanguage();
    }

    /** The address of the page being rendered, where the language form brings the user back to. */
    public String currentPath() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a) {
            HttpServletRequest r = a.getRequest();
            Object original = r.getAttribute(jakarta.servlet.RequestDispatcher.FORWARD_REQUEST_URI);
            return original != null ? original.toString() : r.getRequestURI();
        }
        return "/";
    }

    public String date(LocalDate date) {
        return date == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale()).format(date);
    }

    public String dateTime(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale()).withZone(clock.getZone()).format(instant);
    }

    public String number(Number n) {
        return n == null ? "" : NumberFormat.getNumberInstance(locale()).format(n);
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
