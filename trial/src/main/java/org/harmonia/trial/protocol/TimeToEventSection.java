package org.harmonia.trial.protocol;

import java.util.List;
import org.harmonia.trial.eligibility.VariableType;
import org.harmonia.trial.forms.FormDefinition;

/**
 * Reads an endpoint's optional {@code timeToEvent} section into a {@link TimeToEvent}, and checks once the forms are
 * read that every date it names is a date field of a form of the protocol.
 */
final class TimeToEventSection {
    private TimeToEventSection() {
    }

    /** The definition, or null when absent; only a time-to-event endpoint may have one. */
    static TimeToEvent read(YamlView v, EndpointType type) {
        if (!v.present()) {
            return null;
        }
        if (type != null && type != EndpointType.TIME_TO_EVENT) {
            v.problem("only a time-to-event endpoint is derived from dates");
            return null;
        }
        if (!v.isMapping()) {
            return null;
        }
        v.allowOnly("origin", "event", "lastContact", "unit", "maxFollowUp");
        String origin = v.text("origin", true);
        if (origin != null && !origin.equals(TimeToEvent.ORIGIN)) {
            v.get("origin").problem("\"" + origin + "\" is not one of: " + TimeToEvent.ORIGIN);
        }
        TimeToEvent.DateField event = dateField(v.get("event"), true);
        List<TimeToEvent.DateField> contacts = v.mapList("lastContact", true, c -> dateField(c, true));
        TimeToEvent.TimeUnit unit = v.choice("unit", TimeToEvent.TimeUnit.class, true);
        Double max = null;
        String m = v.text("maxFollowUp", false);
        if (m != null) {
            try {
                max = Double.valueOf(m);
                if (!(max > 0) || max.isInfinite()) {
                    v.get("maxFollowUp").problem("must be above 0");
                    max = null;
                }
            } catch (NumberFormatException e) {
                v.get("maxFollowUp").problem("\"" + m + "\" is not a number");
            }
        }
        return event == null || unit == null ? null : new TimeToEvent(event, contacts, unit, max);
    }

    private static TimeToEvent.DateField dateField(YamlView v, boolean required) {
        if (!v.present()) {
            if (required) {
                v.problem("is required");
            }
            return null;
        }
        if (!v.isMapping()) {
            return null;
        }
        v.allowOnly("form", "field");
        String form = v.text("form", true);
        String field = v.text("field", true);
        return form == null || field == null ? null : new TimeToEvent.DateField(form, field);
    }

    /** Each named form must exist and its field must be a date. */
    static void checkForms(List<YamlView> endpointViews, List<Endpoint> endpoints, List<FormDefinition> forms) {
        for (YamlView ev : endpointViews) {
            YamlView t = ev.get("timeToEvent");
            String id = ev.text("id", false);
            Endpoint endpoint = endpoints.stream().filter(e -> e.id().equals(id)).findFirst().orElse(null);
            if (!t.present() || endpoint == null || endpoint.timeToEvent() == null) {
                continue;
            }
            TimeToEvent tte = endpoint.timeToEvent();
            check(t.get("event"), tte.event(), forms);
            List<YamlView> contacts = t.list("lastContact", false);
            for (int i = 0; i < contacts.size() && i < tte.lastContact().size(); i++) {
                check(contacts.get(i), tte.lastContact().get(i), forms);
            }
        }
    }

    private static void check(YamlView v, TimeToEvent.DateField d, List<FormDefinition> forms) {
        FormDefinition form = forms.stream().filter(f -> f.id().equals(d.form())).findFirst().orElse(null);
        if (form == null) {
            v.get("form").problem("unknown form \"" + d.form() + "\"");
        } else if (form.field(d.field()).isEmpty()) {
            v.get("field").problem("form " + d.form() + " has no field \"" + d.field() + "\"");
        } else if (form.field(d.field()).get().variable().type() != VariableType.DATE) {
            v.get("field").problem("field " + d.field() + " of form " + d.form() + " is not a date");
        }
    }
}
