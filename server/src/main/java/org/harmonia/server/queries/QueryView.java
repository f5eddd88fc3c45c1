package org.harmonia.server.queries;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A query as the site's pages show it: the query, where its field is (subject, visit, form, with their labels and
 * addresses) and its age in whole days since it was raised.
 *
 * @param formPage the form's page at its visit, or null for a record outside the visit schedule
 */
public record QueryView(DataQuery query, String visitLabel, String formLabel, String fieldLabel, long ageDays,
                        String subjectPage, String formPage, String page) {

    public QueryView {
        if (query == null || subjectPage == null || page == null) {
            throw new IllegalArgumentException("a query view needs its query, its page and its subject's page");
        }
        if (ageDays < 0) {
            throw new IllegalArgumentException("a query cannot be raised in the future: age " + ageDays + " days");
        }
    }

    /** The query's thread, oldest first: the question, the site's answer, the closing, each with who and when. */
    public List<Event> thread() {
        List<Event> out = new ArrayList<>();
        out.add(new Event(Event.Kind.RAISED, query.raisedBy(), query.raisedAt(), query.question()));
        if (query.answeredAt() != null) {
            out.add(new Event(Event.Kind.ANSWERED, query.answeredBy(), query.answeredAt(), query.answer()));
        }
        if (query.closedAt() != null) {
            out.add(new Event(Event.Kind.CLOSED, query.closedBy(), query.closedAt(), query.closeNote()));
        }
        return out;
    }

    /** One step of a query's thread; {@code text} is the question, the answer or the closing note (may be empty). */
    public record Event(Kind kind, String by, Instant at, String text) {
        public enum Kind { RAISED, ANSWERED, CLOSED }
    }
}
