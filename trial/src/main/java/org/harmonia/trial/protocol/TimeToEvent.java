package org.harmonia.trial.protocol;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a time-to-event endpoint is derived from captured dates. Time runs from the origin (the subject's randomisation
 * date) to the event date, a form's date field. A subject without the event is censored at the last contact: the latest
 * date recorded in any of the {@code lastContact} fields. Follow-up beyond {@code maxFollowUp} (in {@code unit}) is
 * censored there, so an event after it counts as censoring at the maximum. A subject with no date after the origin has
 * no follow-up and is left out (the report counts them).
 */
public record TimeToEvent(DateField event, List<DateField> lastContact, TimeUnit unit, Double maxFollowUp) {

    /** Time from randomisation: the only origin so far, since every compared subject has one. */
    public static final String ORIGIN = "randomisation";

    /** A date field of a form, wherever in the subject's visits it is recorded. */
    public record DateField(String form, String field) {
        public DateField {
            Objects.requireNonNull(form, "form");
            Objects.requireNonNull(field, "field");
        }
    }

    /** The unit times are expressed in; a month is a twelfth of 365.25 days, as survival analyses usually count it. */
    public enum TimeUnit {
        DAYS(1), WEEKS(7), MONTHS(365.25 / 12);

        private final double days;

        TimeUnit(double days) {
            this.days = days;
        }

        public double of(long days) {
            return days / this.days;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One subject's observed time and whether it ends in the event (false: censored). */
    public record Observed(double time, boolean event) {
        public Observed {
            if (!(time > 0) || !Double.isFinite(time)) {
                throw new IllegalArgumentException("an observed time must be above 0, not " + time);
            }
        }
    }

    public TimeToEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(unit, "unit");
        lastContact = List.copyOf(lastContact);
        if (maxFollowUp != null && !(maxFollowUp > 0)) {
            throw new IllegalArgumentException("the maximum follow-up must be above 0");
        }
    }

    /** Every date field the derivation reads, the event's first. */
    public List<DateField> dateFields() {
        List<DateField> out = new java.util.ArrayList<>(List.of(event));
        out.addAll(lastContact);
        return out;
    }

    /**
     * The subject's observed time by the censoring rules, or empty when it has no follow-up: no origin, no date after the
     * origin, or an event dated before the origin.
     */
    public Optional<Observed> observe(LocalDate origin, LocalDate eventDate, List<LocalDate> contacts) {
        if (origin == null) {
            return Optional.empty();
        }
        if (eventDate != null) {
            long days = ChronoUnit.DAYS.between(origin, eventDate);
            if (days <= 0) {
                return Optional.empty();
            }
            double t = unit.of(days);
            return Optional.of(maxFollowUp != null && t > maxFollowUp ? new Observed(maxFollowUp, false) : new Observed(t, true));
        }
        Optional<LocalDate> last = contacts.stream().filter(Objects::nonNull).max(LocalDate::compareTo);
        if (last.isEmpty() || !last.get().isAfter(origin)) {
            return Optional.empty();
        }
        double t = unit.of(ChronoUnit.DAYS.between(origin, last.get()));
        return Optional.of(new Observed(maxFollowUp != null && t > maxFollowUp ? maxFollowUp : t, false));
    }
}
