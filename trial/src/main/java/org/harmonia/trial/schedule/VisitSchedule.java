package org.harmonia.trial.schedule;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Visit;

/**
 * A participant's visit calendar, computed from the protocol's visits and the participant's day 0. A visit that follows
 * another (a repeated treatment course) is timed from the date that visit took place, so the calendar grows as the
 * participant's courses happen.
 */
public record VisitSchedule(LocalDate dayZero, List<ScheduledVisit> visits) {
    public VisitSchedule {
        visits = List.copyOf(visits);
    }

    /**
     * The planned calendar before anything took place: a visit that follows another is timed from that visit's target
     * date. For a protocol without such visits it is also the participant's calendar.
     */
    public static VisitSchedule of(Protocol protocol, LocalDate dayZero) {
        Map<String, LocalDate> targets = new HashMap<>();
        List<ScheduledVisit> out = new ArrayList<>();
        for (Visit v : protocol.visits()) {
            LocalDate from = v.followsAnother() ? targets.get(v.after()) : dayZero;
            ScheduledVisit s = scheduled(v, from == null ? dayZero : from);
            targets.putIfAbsent(v.id(), s.target());
            out.add(s);
        }
        return new VisitSchedule(dayZero, out);
    }

    /**
     * The participant's calendar given the dates of the visits done so far: a visit that follows another is timed from
     * the date that visit took place, and is not yet on the calendar while that visit has not taken place.
     */
    public static VisitSchedule of(Protocol protocol, LocalDate dayZero, Map<String, LocalDate> doneOn) {
        List<ScheduledVisit> out = new ArrayList<>();
        for (Visit v : protocol.visits()) {
            if (!v.followsAnother()) {
                out.add(scheduled(v, dayZero));
            } else if (doneOn.get(v.after()) != null) {
                out.add(scheduled(v, doneOn.get(v.after())));
            }
        }
        return new VisitSchedule(dayZero, out);
    }

    private static ScheduledVisit scheduled(Visit v, LocalDate from) {
        LocalDate target = from.plusDays(v.targetDay());
        return new ScheduledVisit(v, target, target.minusDays(v.window().early()), target.plusDays(v.window().late()));
    }

    public Optional<ScheduledVisit> visit(String visitId) {
        return visits.stream().filter(s -> s.visit().id().equals(visitId)).findFirst();
    }
}
