package org.harmonia.server.datamanagement;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.harmonia.server.queries.QueryStatus;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.trial.protocol.Protocol;

/**
 * What a cross-site view is narrowed to: a site, a visit, a form, a query status (each null for all), checked against
 * the study's protocol so that a misspelt id is refused by name rather than answered with an empty table.
 */
public record DataFilter(String siteId, String visitId, String formId, QueryStatus status) {
    public static final DataFilter NONE = new DataFilter(null, null, null, null);
    static final Set<String> NAMES = Set.of("siteId", "visitId", "formId", "status", "format");

    /**
     * The filter of a request's parameters: unknown names, unknown sites, visits and forms are refused with the
     * parameter named; a blank value means no filter.
     */
    public static DataFilter of(Protocol protocol, Map<String, String> params) {
        List<FieldError> errors = new java.util.ArrayList<>();
        for (String name : params.keySet()) {
            if (!NAMES.contains(name)) {
                errors.add(new FieldError(name, "is not a filter of this view; use siteId, visitId, formId, status or format"));
            }
        }
        String site = blankToNull(params.get("siteId"));
        String visit = blankToNull(params.get("visitId"));
        String form = blankToNull(params.get("formId"));
        String statusText = blankToNull(params.get("status"));
        if (site != null && protocol.subTrialOfSite(site).isEmpty()) {
            errors.add(new FieldError("siteId", "no site \"" + shorten(site) + "\" in study " + protocol.id()));
        }
        if (visit != null && protocol.visit(visit).isEmpty()) {
            errors.add(new FieldError("visitId", "no visit \"" + shorten(visit) + "\" in study " + protocol.id()));
        }
        if (form != null && protocol.form(form).isEmpty()) {
            errors.add(new FieldError("formId", "no form \"" + shorten(form) + "\" in study " + protocol.id()));
        }
        QueryStatus status = null;
        if (statusText != null) {
            try {
                status = QueryStatus.valueOf(statusText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("status", "\"" + shorten(statusText) + "\" is not one of open, answered"));
            }
            if (status == QueryStatus.CLOSED) {
                errors.add(new FieldError("status", "closed queries are not waiting for anyone; use open or answered"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new DataFilter(site, visit, form, status);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** An echoed value kept short: a request cannot make an error message long. */
    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
