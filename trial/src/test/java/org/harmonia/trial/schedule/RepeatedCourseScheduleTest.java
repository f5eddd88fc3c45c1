package org.harmonia.trial.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolLoader;
import org.junit.jupiter.api.Test;

/** The Hadassah study's repeated courses: each course is timed from the day the previous one was given. */
class RepeatedCourseScheduleTest {
    private static final Protocol HADASSAH = new ProtocolLoader().load(Path.of("..", "protocols", "hadassah.yaml"));
    private static final LocalDate DAY_ZERO = LocalDate.of(2016, 3, 1);

    @Test
    void theNextCourseIsOnTheCalendarOnlyOnceThePreviousOneWasGiven() {
        VisitSchedule before = VisitSchedule.of(HADASSAH, DAY_ZERO, Map.of("C1", DAY_ZERO));
        assertThat(before.visit("C2")).isPresent();
        assertThat(before.visit("C3")).isEmpty();
        assertThat(before.visit("FU")).isPresent();
    }

    @Test
    void aLaterCourseCountsSixToTwelveMonthsFromTheDayThePreviousCourseWasGiven() {
        LocalDate secondGiven = DAY_ZERO.plusDays(250);
        ScheduledVisit c3 = VisitSchedule.of(HADASSAH, DAY_ZERO, Map.of("C1", DAY_ZERO, "C2", secondGiven)).visit("C3").orElseThrow();
        assertThat(c3.target()).isEqualTo(secondGiven.plusDays(182));
        assertThat(c3.earliest()).isEqualTo(secondGiven.plusDays(182));
        assertThat(c3.latest()).isEqualTo(secondGiven.plusDays(365));
        assertThat(c3.inWindow(secondGiven.plusDays(181))).isFalse();
    }

    @Test
    void thePlannedCalendarTimesEachCourseFromThePlannedPreviousOne() {
        VisitSchedule planned = VisitSchedule.of(HADASSAH, DAY_ZERO);
        assertThat(planned.visit("C9").orElseThrow().target()).isEqualTo(DAY_ZERO.plusDays(8 * 182));
        assertThat(planned.visits()).hasSize(HADASSAH.visits().size());
    }

    @Test
    void theProtocolAllowsNineCoursesByBothRoutes() {
        var msc = HADASSAH.interventions().get(0);
        assertThat(msc.courses().count()).isEqualTo(9);
        assertThat(msc.courses().minIntervalDays()).isEqualTo(182);
        assertThat(msc.courses().maxIntervalDays()).isEqualTo(365);
        assertThat(msc.routes()).hasSize(2);
        assertThat(HADASSAH.visit("C4").orElseThrow().after()).isEqualTo("C3");
    }

    @Test
    void theMscNpFollowUpCountsFromTheThirdInjection() {
        Protocol mscNp = new ProtocolLoader().load(Path.of("..", "protocols", "msc-np.yaml"));
        LocalDate third = DAY_ZERO.plusDays(190);
        VisitSchedule s = VisitSchedule.of(mscNp, DAY_ZERO, Map.of("T1", DAY_ZERO, "T2", DAY_ZERO.plusDays(95), "T3", third));
        assertThat(s.visit("Y2").orElseThrow().target()).isEqualTo(third.plusDays(730));
        assertThat(VisitSchedule.of(mscNp, DAY_ZERO, Map.of("T1", DAY_ZERO)).visit("Y2")).isEmpty();
    }

}
