package org.harmonia.server.queries;

import java.time.Instant;

/**
 * One step of a query's thread: the question raised, the site's answer, a re-opening with a new question, the
 * closing; {@code text} is what was written with it (a closing note may be empty).
 */
public record QueryEvent(Kind kind, String text, Instant at, String by) {
    public enum Kind { RAISED, ANSWERED, REOPENED, CLOSED }

    public QueryEvent {
        if (kind == null || at == null || by == null) {
            throw new IllegalArgumentException("a query event needs its kind, its time and who");
        }
    }
}
