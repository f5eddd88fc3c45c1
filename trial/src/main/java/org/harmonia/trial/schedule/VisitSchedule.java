package org.harmonia.trial.schedule;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Visit;

/** A participant's visit calendar, computed from the protocol's visits and the participant's day 0. */
public record VisitSchedule(LocalDate dayZero, List<ScheduledVisit> visits) {
    public VisitSchedule {
        visits = List.copyOf(visits);
    }

    /** Lays the protocol's visits out in calendar dates; {@code dayZero} is the date of the visit at day 0 (baseline). */
    public static VisitSchedule of(Protocol protocol, LocalDate dayZero) {
        List<ScheduledVisit> out = protocol.visits().stream().map(v -> scheduled(v, dayZero)).toList();
        return new VisitSchedule(dayZero, out);
    }

    private static ScheduledVisit scheduled(Visit v, LocalDate dayZero) {
        LocalDate target = dayZero.plusDays(v.targetDay());
        return new ScheduledVisit(v, target, target.minusDays(v.window().early()), target.plusDays(v.window().late()));
    }

    public Optional<ScheduledVisit> visit(String visitId) {
        return visits.stream().filter(s -> s.visit().id().equals(visitId)).findFirst();
    }
}
