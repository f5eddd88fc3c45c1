package org.harmonia.trial.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.harmonia.trial.subject.SubjectStatus.*;

import org.junit.jupiter.api.Test;

/** The subject lifecycle: the moves the protocol allows and the ones it refuses. */
class SubjectStatusTest {

    @Test
    void followsScreeningEnrolmentRandomisationToCompletion() {
        assertThat(SCREENING.canMoveTo(ELIGIBLE)).isTrue();
        assertThat(ELIGIBLE.canMoveTo(ENROLLED)).isTrue();
        assertThat(ENROLLED.canMoveTo(RANDOMISED)).isTrue();
        assertThat(RANDOMISED.canMoveTo(ON_STUDY)).isTrue();
        assertThat(ON_STUDY.canMoveTo(COMPLETED)).isTrue();
    }

    @Test
    void refusesShortcutsAndMovesOutOfFinalStatuses() {
        assertThat(SCREENING.canMoveTo(ENROLLED)).isFalse();
        assertThat(SCREEN_FAILED.canMoveTo(ELIGIBLE)).isFalse();
        assertThat(ELIGIBLE.canMoveTo(RANDOMISED)).isFalse();
        assertThat(COMPLETED.canMoveTo(WITHDRAWN)).isFalse();
        assertThat(WITHDRAWN.isFinal()).isTrue();
        assertThat(SCREEN_FAILED.isFinal()).isTrue();
    }

    @Test
    void withoutRandomisationAnEnrolledSubjectMayComplete() {
        assertThat(ENROLLED.canMoveTo(COMPLETED, false)).isTrue();
        assertThat(ENROLLED.canMoveTo(COMPLETED, true)).isFalse();
        assertThat(ON_STUDY.canMoveTo(COMPLETED, true)).isTrue();
        assertThat(SCREENING.canMoveTo(COMPLETED, false)).isFalse();
    }

    @Test
    void aSubjectCanBeWithdrawnUntilTheEnd() {
        for (SubjectStatus s : new SubjectStatus[] {SCREENING, ELIGIBLE, ENROLLED, RANDOMISED, ON_STUDY}) {
            assertThat(s.canMoveTo(WITHDRAWN)).as(s.name()).isTrue();
        }
    }

    @Test
    void visitDataOnlyBetweenEnrolmentAndTheEnd() {
        assertThat(ENROLLED.acceptsVisitData()).isTrue();
        assertThat(ON_STUDY.acceptsVisitData()).isTrue();
        assertThat(SCREENING.acceptsVisitData()).isFalse();
        assertThat(WITHDRAWN.acceptsVisitData()).isFalse();
    }
}
