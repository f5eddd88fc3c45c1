package org.harmonia.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.harmonia.server.queries.DataQuery;
import org.harmonia.server.queries.QueryService;
import org.harmonia.server.queries.QueryStatus;
import org.harmonia.server.safety.ExpeditedReport;
import org.harmonia.server.safety.SafetyService;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.UserService;
import org.harmonia.server.sites.SiteDashboard;
import org.harmonia.server.sites.SiteDashboardService;
import org.harmonia.server.subjects.Subject;
import org.harmonia.server.subjects.SubjectService;
import org.harmonia.server.visits.FormService;
import org.harmonia.trial.schedule.VisitStatus;
import org.harmonia.trial.subject.SubjectStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the Stockholm coordinator finds after the demo's subjects on study are loaded, every date checked against the
 * server's clock: the subclasses load on different days and the same checks hold on each.
 */
abstract class DemoWorkInProgressChecks {
    static final String STUDY = "mesems";

    @Autowired
    Clock clock;

    @Autowired
    UserService users;

    @Autowired
    SubjectService subjects;

    @Autowired
    FormService forms;

    @Autowired
    QueryService queries;

    @Autowired
    SafetyService safety;

    @Autowired
    SiteDashboardService dashboards;

    /** What the loader made at the coordinator's site (07, Stockholm). */
    abstract DemoWorkInProgress.SiteSubjects stockholm();

    LocalDate today() {
        return LocalDate.now(clock);
    }

    Caller coordinator() {
        return users.caller("coordinator");
    }

    Subject subject(String id) {
        return subjects.get(STUDY, id, coordinator());
    }

    SiteDashboard dashboard() {
        return dashboards.of(STUDY, "07", coordinator());
    }

    @Test
    void screeningsStillIncompleteAndEligiblePatientsAwaitingConsentAreInScreening() {
        Subject unfinished = subject(stockholm().screening());
        assertThat(unfinished.status()).isEqualTo(SubjectStatus.SCREENING);
        assertThat(unfinished.screeningDate()).isEqualTo(today().minusDays(2));
        Subject eligible = subject(stockholm().eligible());
        assertThat(eligible.status()).isEqualTo(SubjectStatus.ELIGIBLE);
        assertThat(eligible.screeningDate()).isEqualTo(today().minusDays(6));
        assertThat(dashboard().inScreening()).extracting(Subject::id).contains(unfinished.id(), eligible.id());
    }

    @Test
    void anEnrolledPatientAwaitsRandomisationWithDayZeroInFourDays() {
        Subject enrolled = subject(stockholm().enrolled());
        assertThat(enrolled.status()).isEqualTo(SubjectStatus.ENROLLED);
        assertThat(enrolled.dayZero()).isEqualTo(today().plusDays(4));
        assertThat(dashboard().visits()).anySatisfy(v -> {
            assertThat(v.subjectId()).isEqualTo(enrolled.id());
            assertThat(v.visitId()).isEqualTo("W0");
            assertThat(v.targetDate()).isEqualTo(today().plusDays(4));
        });
    }

    @Test
    void oneVisitWindowIsOpenThisWeekAndAnotherHasClosedWithNothingRecorded() {
        SiteDashboard d = dashboard();
        assertThat(d.visits()).anySatisfy(v -> {
            assertThat(v.subjectId()).isEqualTo(stockholm().dueThisWeek());
            assertThat(v.visitId()).isEqualTo("W4");
            assertThat(v.status()).isEqualTo(VisitStatus.DUE);
            assertThat(v.earliest()).isBeforeOrEqualTo(today());
            assertThat(v.latest()).isAfterOrEqualTo(today());
        });
        assertThat(d.visits()).anySatisfy(v -> {
            assertThat(v.subjectId()).isEqualTo(stockholm().overdue());
            assertThat(v.visitId()).isEqualTo("W8");
            assertThat(v.status()).isEqualTo(VisitStatus.OVERDUE);
            assertThat(v.latest()).isBefore(today());
        });
        // the earlier visits of the mid-study patients were done: nothing else of theirs is overdue
        assertThat(d.visits()).filteredOn(v -> v.status() == VisitStatus.OVERDUE).extracting(SiteDashboard.VisitDue::subjectId)
                .containsExactly(stockholm().overdue());
        assertThat(forms.schedule(STUDY, stockholm().dueThisWeek(), coordinator())).filteredOn(e -> e.visitId().equals("W0"))
                .singleElement().satisfies(e -> assertThat(e.targetDate()).isEqualTo(today().minusDays(DemoWorkInProgress.DUE_THIS_WEEK)));
    }

    @Test
    void formsWereSavedWithWarningsAtWeek12() {
        var vitals = forms.atVisit(STUDY, stockholm().withWarnings(), "W12", "vital_signs", coordinator()).record();
        assertThat(vitals.warnings()).extracting(w -> w.field()).contains("systolic_bp");
        assertThat(vitals.createdBy()).isEqualTo("coordinator");
        var labs = forms.atVisit(STUDY, stockholm().withWarnings(), "W12", "laboratory", coordinator()).record();
        assertThat(labs.warnings()).extracting(w -> w.field()).contains("alt");
        assertThat(labs.values()).containsEntry("sample_date", subject(stockholm().withWarnings()).dayZero().plusWeeks(12).toString());
    }

    @Test
    void theDataManagersQueriesAwaitTheSiteAndOneIsAnswered() {
        List<DataQuery> open = dashboard().openQueries();
        assertThat(open).extracting(DataQuery::id).containsExactlyInAnyOrderElementsOf(stockholm().openQueries());
        assertThat(open).allSatisfy(q -> assertThat(q.raisedBy()).isEqualTo("datamanager"));
        DataQuery answered = queries.find(STUDY, stockholm().answeredQuery(), coordinator());
        assertThat(answered.status()).isEqualTo(QueryStatus.ANSWERED);
        assertThat(answered.raisedBy()).isEqualTo("datamanager");
        assertThat(answered.answeredBy()).isEqualTo("coordinator");
    }

    @Test
    void aSeriousAdverseEventReportedTodayHasItsTwentyFourHourClockRunning() {
        ExpeditedReport report = safety.reportFor(stockholm().seriousEvent()).orElseThrow();
        assertThat(report.submittedAt()).isNull();
        assertThat(report.cancelledAt()).isNull();
        assertThat(Duration.between(report.raisedAt(), clock.instant())).isBetween(Duration.ZERO, Duration.ofHours(24));
        assertThat(dashboard().saeReports()).singleElement().satisfies(c -> {
            assertThat(c.report().id()).isEqualTo(report.id());
            assertThat(c.late()).isFalse();
            assertThat(c.timeLeft()).isPositive().isLessThanOrEqualTo(Duration.ofHours(24));
        });
        assertThat(forms.get(STUDY, stockholm().seriousEvent(), coordinator()).values())
                .containsEntry("onset_date", today().minusDays(1).toString()).containsEntry("serious", "yes");
    }

    @Test
    void aWithdrawnPatientLeftTenDaysAgoWithItsReason() {
        Subject left = subject(stockholm().withdrawn());
        assertThat(left.status()).isEqualTo(SubjectStatus.WITHDRAWN);
        assertThat(left.endDate()).isEqualTo(today().minusDays(10));
        assertThat(left.endReason()).isEqualTo("withdrew consent");
    }

    @Test
    void theCoordinatorSeesOnlyTheSubjectsOfTheirOwnSite() {
        assertThat(subjects.bySite(STUDY, "07", coordinator())).extracting(Subject::id)
                .contains(stockholm().screening(), stockholm().withdrawn());
        assertThat(users.caller("coordinator.genoa").scope(STUDY, org.harmonia.server.security.Permission.READ_DATA).contains("07"))
                .isFalse();
    }
}
