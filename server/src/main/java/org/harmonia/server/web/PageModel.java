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

    public PageModel(Clock clock) {
        this.clock = clock;
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
