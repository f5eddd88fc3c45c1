package org.harmonia.server.sites;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.harmonia.server.queries.DataQuery;
import org.harmonia.server.safety.ExpeditedReport;
import org.harmonia.server.subjects.Subject;
import org.harmonia.trial.schedule.VisitStatus;
import org.harmonia.trial.subject.SubjectStatus;

/**
 * What a site has to do today: its subjects by status, the ones whose screening is unfinished, the visits due this
 * week or overdue, the queries awaiting its answer and the serious adverse events whose 24-hour clock runs.
 */
public record SiteDashboard(LocalDate today, Map<SubjectStatus, Long> subjectsByStatus, List<Subject> inScreening,
                            List<VisitDue> visits, List<DataQuery> openQueries, List<SaeClock> saeReports) {

    public SiteDashboard {
        subjectsByStatus = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(subjectsByStatus));
        inScreening = List.copyOf(inScreening);
        visits = List.copyOf(visits);
        openQueries = List.copyOf(openQueries);
        saeReports = List.copyOf(saeReports);
    }

    public long subjectCount() {
        return subjectsByStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A visit whose window is open this week, or has closed with nothing recorded. */
    public record VisitDue(String subjectId, String visitId, String visitLabel, LocalDate targetDate, LocalDate earliest,
                           LocalDate latest, VisitStatus status) {
    }

    /** An expedited report not yet submitted and the time left until its deadline (negative once late). */
    public record SaeClock(ExpeditedReport report, Duration timeLeft) {
        public boolean late() {
            return timeLeft.isNegative();
        }

        public long hours() {
            return Math.abs(timeLeft.toHours());
        }

        public int minutes() {
            return Math.abs(timeLeft.toMinutesPart());
        }
    }
}
