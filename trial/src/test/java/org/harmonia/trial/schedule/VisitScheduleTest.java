package org.harmonia.trial.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolLoader;
import org.junit.jupiter.api.Test;

/** A participant's calendar laid out from the MESEMS visits. */
class VisitScheduleTest {
    private static final Protocol MESEMS = new ProtocolLoader().load(Path.of("..", "protocols", "mesems.yaml"));

    @Test
    void placesEveryVisitAtItsDayFromDayZero() {
        VisitSchedule s = VisitSchedule.of(MESEMS, LocalDate.of(2026, 1, 5));
        assertThat(s.visits()).hasSize(MESEMS.visits().size());
        assertThat(s.visit("W0").orElseThrow().target()).isEqualTo(LocalDate.of(2026, 1, 5));
        assertThat(s.visit("W24").orElseThrow().target()).isEqualTo(LocalDate.of(2026, 6, 22));
        assertThat(s.visit("W48").orElseThrow().target()).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(s.visit("SCR").orElseThrow().target()).isEqualTo(LocalDate.of(2025, 11, 24));
    }

    @Test
    void windowsOpenAndCloseAroundTheTarget() {
        ScheduledVisit w4 = VisitSchedule.of(MESEMS, LocalDate.of(2026, 1, 5)).visit("W4").orElseThrow();
        assertThat(w4.earliest()).isEqualTo(LocalDate.of(2026, 1, 26));
        assertThat(w4.latest()).isEqualTo(LocalDate.of(2026, 2, 9));
        assertThat(w4.inWindow(LocalDate.of(2026, 2, 9))).isTrue();
        assertThat(w4.inWindow(LocalDate.of(2026, 2, 10))).isFalse();
        assertThat(w4.inWindow(LocalDate.of(2026, 1, 25))).isFalse();
    }

    @Test
    void dayZeroHasNoWindow() {
        ScheduledVisit w0 = VisitSchedule.of(MESEMS, LocalDate.of(2026, 1, 5)).visit("W0").orElseThrow();
        assertThat(w0.earliest()).isEqualTo(w0.target());
        assertThat(w0.latest()).isEqualTo(w0.target());
    }

    @Test
    void crossesMonthAndLeapYearBoundaries() {
        VisitSchedule s = VisitSchedule.of(MESEMS, LocalDate.of(2028, 1, 31));
        assertThat(s.visit("W4").orElseThrow().target()).isEqualTo(LocalDate.of(2028, 2, 28));
        assertThat(s.visit("W8").orElseThrow().target()).isEqualTo(LocalDate.of(2028, 3, 27));
    }

    @Test
    void aVisitIsUpcomingThenDueThenOverdue() {
        ScheduledVisit w4 = VisitSchedule.of(MESEMS, LocalDate.of(2026, 1, 5)).visit("W4").orElseThrow();
        assertThat(VisitStatus.of(w4, LocalDate.of(2026, 1, 25), false, false)).isEqualTo(VisitStatus.UPCOMING);
        assertThat(VisitStatus.of(w4, LocalDate.of(2026, 1, 26), false, false)).isEqualTo(VisitStatus.DUE);
        assertThat(VisitStatus.of(w4, LocalDate.of(2026, 2, 9), false, false)).isEqualTo(VisitStatus.DUE);
        assertThat(VisitStatus.of(w4, LocalDate.of(2026, 2, 10), false, false)).isEqualTo(VisitStatus.OVERDUE);
        assertThat(VisitStatus.of(w4, LocalDate.of(2026, 2, 10), true, false)).isEqualTo(VisitStatus.DONE);
        assertThat(VisitStatus.of(w4, LocalDate.of(2026, 2, 10), false, true)).isEqualTo(VisitStatus.MISSED);
    }
}
