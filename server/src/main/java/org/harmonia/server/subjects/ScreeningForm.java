package org.harmonia.server.subjects;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.server.web.PostedForm;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A screening form as a page posts it, read into the requests the API takes: {@code data.<field>} inputs (an empty
 * input is a value not yet known; a date's {@code never.<field>} box says the event never happened), the dates as
 * yyyy-mm-dd, a version and a reason. The values typed are kept to show the form again as it was sent.
 */
public record ScreeningForm(Map<String, String> values, String screeningDate, String plannedRandomisationDate,
                            String version, String reason) {
    static final String NEVER = "never";

    public static ScreeningForm of(MultiValueMap<String, String> form) {
        Map<String, String> values = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            String value = v.isEmpty() || v.get(0) == null ? "" : v.get(0).strip();
            if (k.startsWith("data.")) {
                values.merge(k.substring(5), value, (a, b) -> a.isEmpty() ? b : a);
            } else if (k.startsWith("never.") && !value.isEmpty()) {
                values.merge(k.substring(6), NEVER, (a, b) -> a.isEmpty() ? b : a);
            }
        });
        return new ScreeningForm(values, PostedForm.text(form.getFirst("screeningDate")),
                PostedForm.text(form.getFirst("plannedRandomisationDate")), PostedForm.text(form.getFirst("version")),
                form.getFirst("reason"));
    }

    /** The form of a stored subject, to complete or correct. */
    public static ScreeningForm of(Subject s) {
        return new ScreeningForm(new LinkedHashMap<>(s.screeningData()), text(s.screeningDate()), text(s.plannedRandomisationDate()),
                String.valueOf(s.version()), null);
    }

    public static ScreeningForm empty() {
        return new ScreeningForm(Map.of(), "", "", "", null);
    }

    /** Whether a date field says the event never happened. */
    public boolean never(String field) {
        return NEVER.equalsIgnoreCase(values.get(field));
    }

    /** The value to show in a field's input ({@code never} stays in its box, not in the date). */
    public String value(String field) {
        String v = values.get(field);
        return v == null || never(field) ? "" : v;
    }

    /** A new screening at a site; dates that are not dates are refused under their field. */
    public ScreeningRequest request(String siteId) {
        PostedForm posted = new PostedForm();
        LocalDate screening = posted.date("screeningDate", screeningDate);
        LocalDate planned = posted.date("plannedRandomisationDate", plannedRandomisationDate);
        posted.check();
        return new ScreeningRequest(siteId, screening, planned, known());
    }

    /** The same form as a preview of a stored subject's screening: its site and screening date. */
    public ScreeningRequest request(Subject s) {
        return new ScreeningForm(values, text(s.screeningDate()), plannedRandomisationDate, version, reason).request(s.siteId());
    }

    /**
     * The change to a stored subject: every value given replaces the stored one, a stored value emptied in the form is
     * cleared, and so is an emptied planned randomisation date.
     */
    public ScreeningUpdate update(Subject s) {
        PostedForm posted = new PostedForm();
        LocalDate planned = posted.date("plannedRandomisationDate", plannedRandomisationDate);
        Integer v = posted.version(version);
        posted.check();
        List<String> clear = new ArrayList<>();
        s.screeningData().keySet().stream().filter(f -> values.getOrDefault(f, "").isEmpty()).forEach(clear::add);
        if (planned == null && s.plannedRandomisationDate() != null) {
            clear.add(ScreeningUpdate.PLANNED_RANDOMISATION_DATE);
        }
        return new ScreeningUpdate(planned == null ? null : JsonNodeFactory.instance.stringNode(planned.toString()), known(), clear,
                v, reason == null || reason.isBlank() ? null : reason.strip());
    }

    private Map<String, Object> known() {
        Map<String, Object> data = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!v.isEmpty()) {
                data.put(k, v);
            }
        });
        return data;
    }

    private static String text(LocalDate d) {
        return d == null ? "" : d.toString();
    }
}
