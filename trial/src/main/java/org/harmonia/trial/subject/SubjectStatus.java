package org.harmonia.trial.subject;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a subject stands in the trial. The allowed moves are the protocol's lifecycle: screening, then
 * eligible or screen failure; consented and enrolled; randomised; on study; completed or withdrawn.
 */
public enum SubjectStatus {
    SCREENING, ELIGIBLE, SCREEN_FAILED, ENROLLED, RANDOMISED, ON_STUDY, COMPLETED, WITHDRAWN;

    /** The statuses this one may move to. */
    public Set<SubjectStatus> next() {
        return switch (this) {
            case SCREENING -> EnumSet.of(SCREENING, ELIGIBLE, SCREEN_FAILED, WITHDRAWN);
            case ELIGIBLE -> EnumSet.of(SCREENING, ELIGIBLE, SCREEN_FAILED, ENROLLED, WITHDRAWN);
            case ENROLLED -> EnumSet.of(RANDOMISED, ON_STUDY, WITHDRAWN);
            case RANDOMISED -> EnumSet.of(ON_STUDY, COMPLETED, WITHDRAWN);
            case ON_STUDY -> EnumSet.of(COMPLETED, WITHDRAWN);
            case SCREEN_FAILED, COMPLETED, WITHDRAWN -> EnumSet.noneOf(SubjectStatus.class);
        };
    }

    public boolean canMoveTo(SubjectStatus target) {
        return next().contains(target);
    }

    /**
     * Whether the move is allowed in a study with or without randomisation: without it, enrolment is the last step
     * before treatment, so an enrolled subject may also complete.
     */
    public boolean canMoveTo(SubjectStatus target, boolean randomisedStudy) {
        return canMoveTo(target) || !randomisedStudy && this == ENROLLED && target == COMPLETED;
    }

    /** Whether visit data may be recorded: from enrolment until the subject leaves the study. */
    public boolean acceptsVisitData() {
        return this == ENROLLED || this == RANDOMISED || this == ON_STUDY;
    }

    /** Whether the status is final. */
    public boolean isFinal() {
        return next().isEmpty();
    }

    public String label() {
        return name().toLowerCase().replace('_', ' ');
    }
}
