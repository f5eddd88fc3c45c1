package org.harmonia.server.audit;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The audit trail of a study, {@code /studies/{studyId}/audit}: filtered by subject, user, form, field, action and a
 * period of days, paged, exported as CSV through the API with the same filter, and the chain's state as last verified
 * (with who and when) and a button to verify it now. Reads through {@link AuditViewer}, as the API does.
 */
@Controller
public class AuditTrailPage {
    static final int PAGE_SIZE = 50;

    private final AuditViewer viewer;
    private final ProtocolCatalog catalog;

    public AuditTrailPage(AuditViewer viewer, ProtocolCatalog catalog) {
        this.viewer = viewer;
        this.catalog = catalog;
    }

    @GetMapping("/studies/{studyId}/audit")
    public String show(Caller caller, @PathVariable String studyId, @RequestParam(required = false) String subject,
                       @RequestParam(required = false) String user, @RequestParam(required = false) String form,
                       @RequestParam(required = false) String field, @RequestParam(required = false) String action,
                       @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                       @RequestParam(required = false) String page, Model model, HttpServletResponse response) {
        catalog.require(studyId);
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("subject", trim(subject));
        filter.put("user", trim(user));
        filter.put("form", trim(form));
        filter.put("field", trim(field));
        filter.put("action", trim(action));
        filter.put("from", trim(from));
        filter.put("to", trim(to));
        model.addAttribute("studyId", studyId);
        model.addAttribute("filter", filter);
        model.addAttribute("lastCheck", viewer.lastCheck(caller));
        List<FieldError> errors = new ArrayList<>();
        Instant start = day("from", filter.get("from"), 0, errors);
        Instant end = day("to", filter.get("to"), 1, errors);
        int pageNumber = 1;
        if (page != null && !page.isBlank()) {
            try {
                pageNumber = Integer.parseInt(page.strip());
            } catch (NumberFormatException e) {
                errors.add(new FieldError("page", "\"" + page + "\" is not a page number"));
            }
            if (pageNumber < 1 || pageNumber > 1_000_000) {
                errors.add(new FieldError("page", "must be from 1 to 1000000"));
                pageNumber = 1;
            }
        }
        AuditPage rows = null;
        try {
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            AuditQuery q = new AuditQuery(studyId, null, null, null, filter.get("user"), start, end, PAGE_SIZE,
                    (pageNumber - 1) * PAGE_SIZE, filter.get("subject"), filter.get("form"), filter.get("field"), filter.get("action"));
            rows = viewer.find(q, caller);
            if (caller.blinded(studyId)) {
                rows = new AuditPage(rows.entries().stream().map(AuditTrailPage::withoutStratum).toList(), rows.total(), rows.limit(),
                        rows.offset());
            }
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("errors", e.messagesByField());
        }
        model.addAttribute("rows", rows);
        model.addAttribute("pageNumber", pageNumber);
        if (rows != null) {
            long pages = Math.max(1, (rows.total() + PAGE_SIZE - 1) / PAGE_SIZE);
            model.addAttribute("pages", pages);
            model.addAttribute("previous", pageNumber > 1 ? link(studyId, filter, pageNumber - 1) : null);
            model.addAttribute("next", pageNumber < pages ? link(studyId, filter, pageNumber + 1) : null);
        }
        model.addAttribute("csv", csv(studyId, filter, start, end));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "audit/trail";
    }

    @PostMapping("/studies/{studyId}/audit/verify")
    public String verifyNow(Caller caller, @PathVariable String studyId, RedirectAttributes flash) {
        catalog.require(studyId);
        ChainCheck check = viewer.verifyNow(caller);
        flash.addFlashAttribute("notice", check.result().intact() ? "auditview.verified.intact" : "auditview.verified.broken");
        return "redirect:/studies/" + studyId + "/audit";
    }

    /**
     * Pages hold no stratum for blinded readers (with minimisation or several factors it narrows down the list a subject
     * was drawn from), so the randomisation rows name the kit only; the API's rows keep it as docs/randomisation.md states.
     */
    static AuditEntry withoutStratum(AuditEntry e) {
        String value = e.newValue() == null ? null : STRATUM.matcher(e.newValue()).replaceAll(STRATUM_SHOWN);
        return java.util.Objects.equals(value, e.newValue()) ? e : new AuditEntry(e.seq(), e.recordedAt(), e.actor(), e.action(),
                e.studyId(), e.siteId(), e.entityType(), e.entityId(), e.field(), e.oldValue(), value, e.reason(), e.prevHash(), e.hash());
    }

    private static final java.util.regex.Pattern STRATUM = java.util.regex.Pattern.compile("(?i)stratum [^,:\\s]+");
    static final String STRATUM_SHOWN = "[randomisation detail concealed]";

    private static String link(String studyId, Map<String, String> filter, int page) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath("/studies/" + studyId + "/audit");
        filter.forEach((k, v) -> {
            if (v != null) {
                b.queryParam(k, v);
            }
        });
        return b.queryParam("page", page).encode().build().toUriString();
    }

    private static String csv(String studyId, Map<String, String> filter, Instant start, Instant end) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath("/api/audit/export").queryParam("studyId", studyId);
        put(b, "subjectId", filter.get("subject"));
        put(b, "actor", filter.get("user"));
        put(b, "formId", filter.get("form"));
        put(b, "field", filter.get("field"));
        put(b, "action", filter.get("action"));
        put(b, "from", start == null ? null : start.toString());
        put(b, "to", end == null ? null : end.toString());
        return b.encode().build().toUriString();
    }

    private static void put(UriComponentsBuilder b, String name, String value) {
        if (value != null) {
            b.queryParam(name, value);
        }
    }

    /** A day given as yyyy-mm-dd, as the start of that day ({@code plusDays} 0) or of the next (1, an inclusive end), in UTC. */
    private static Instant day(String name, String text, int plusDays, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "\"" + text + "\" is not a date such as 2026-06-15"));
            return null;
        }
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
