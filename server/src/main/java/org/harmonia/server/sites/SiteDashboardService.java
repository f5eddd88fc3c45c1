package org.harmonia.server.sites;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.harmonia.server.queries.DataQuery;
import org.harmonia.server.queries.QueryService;
import org.harmonia.server.queries.QueryStatus;
import org.harmonia.server.safety.SafetyService;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.subjects.Subject;
import org.harmonia.server.subjects.SubjectService;
import org.harmonia.server.visits.FormService;
import org.harmonia.server.visits.ScheduleEntry;
import org.harmonia.trial.schedule.VisitStatus;
import org.harmonia.trial.subject.SubjectStatus;
import org.springframework.stereotype.Service;

/**
 * Gathers a site's dashboard from the services the API uses, with the caller's permissions and site scope:
 * another site is "not found", and a role that may not read queries or safety flags sees none.
 */
@Service
public class SiteDashboardService {
    /** "This week": today and the six days after it. */
    static final int WEEK = 7;
    /** Subjects with screening to finish or visits to come. */
    static final Set<SubjectStatus> IN_PLAY = EnumSet.of(SubjectStatus.SCREENING, SubjectStatus.ELIGIBLE, SubjectStatus.ENROLLED,
            SubjectStatus.RANDOMISED, SubjectStatus.ON_STUDY);

    private final SubjectService subjects;
    private final FormService forms;
    private final QueryService queries;
    private final SafetyService safety;
    private final Clock clock;

    public SiteDashboardService(SubjectService subjects, FormService forms, QueryService queries, SafetyService safety, Clock clock) {
        this.subjects = subjects;
        this.forms = forms;
        this.queries = queries;
        this.safety = safety;
        this.clock = clock;
    }

    public SiteDashboard of(String studyId, String siteId, Caller caller) {
        // only the counts of the whole site, and the few subjects still in play: a site's completed cohort is not read
        Map<SubjectStatus, Long> byStatus = subjects.countsBySite(studyId, siteId, caller);
        LocalDate today = LocalDate.now(clock);
        List<Subject> inScreening = new ArrayList<>();
        List<SiteDashboard.VisitDue> visits = new ArrayList<>();
        for (Subject s : subjects.bySite(studyId, siteId, IN_PLAY, caller)) {
            if (s.status() == SubjectStatus.SCREENING || s.status() == SubjectStatus.ELIGIBLE) {
                inScreening.add(s);
            }
            if (s.status().acceptsVisitData() && s.dayZero() != null) {
                for (ScheduleEntry e : forms.schedule(studyId, s.id(), caller)) {
                    if (dueThisWeekOrOverdue(e, today)) {
                        visits.add(new SiteDashboard.VisitDue(s.id(), e.visitId(), e.label(), e.targetDate(), e.earliest(),
                                e.latest(), e.status()));
                    }
                }
            }
        }
        visits.sort(Comparator.comparing((SiteDashboard.VisitDue v) -> v.status() != VisitStatus.OVERDUE)
                .thenComparing(SiteDashboard.VisitDue::latest).thenComparing(SiteDashboard.VisitDue::subjectId));
        List<DataQuery> open = caller.has(studyId, Permission.READ_QUERIES)
                ? queries.bySite(studyId, siteId, QueryStatus.OPEN, caller) : List.of();
        List<SiteDashboard.SaeClock> saes = caller.has(studyId, Permission.READ_SAFETY_FLAGS)
                ? safety.list(studyId, true, caller).stream().filter(r -> r.siteId().equals(siteId))
                        .map(r -> new SiteDashboard.SaeClock(r, Duration.between(clock.instant(), r.dueAt()))).toList()
                : List.of();
        return new SiteDashboard(today, byStatus, inScreening, visits, open, saes);
    }

    private static boolean dueThisWeekOrOverdue(ScheduleEntry e, LocalDate today) {
        return e.status() == VisitStatus.OVERDUE
                || (e.status() == VisitStatus.DUE || e.status() == VisitStatus.UPCOMING) && e.earliest().isBefore(today.plusDays(WEEK));
    }
}
