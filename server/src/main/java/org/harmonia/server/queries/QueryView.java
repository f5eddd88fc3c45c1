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

    /**
     * The query's thread, oldest first: the question, the site's answers, re-openings and the closing, each with who and
     * when, and an anchor for the page (the first of a kind {@code event-answered}, later ones numbered).
     */
    public List<Event> thread() {
        List<Event> out = new ArrayList<>();
        List<QueryEvent> events = query.thread();
        if (events == null) {
            events = new ArrayList<>();
            events.add(new QueryEvent(QueryEvent.Kind.RAISED, query.question(), query.raisedAt(), query.raisedBy()));
            if (query.answeredAt() != null) {
                events.add(new QueryEvent(QueryEvent.Kind.ANSWERED, query.answer(), query.answeredAt(), query.answeredBy()));
            }
            if (query.closedAt() != null) {
                events.add(new QueryEvent(QueryEvent.Kind.CLOSED, query.closeNote(), query.closedAt(), query.closedBy()));
            }
        }
        java.util.Map<QueryEvent.Kind, Integer> seen = new java.util.EnumMap<>(QueryEvent.Kind.class);
        for (QueryEvent e : events) {
            int n = seen.merge(e.kind(), 1, Integer::sum);
            String anchor = "event-" + e.kind().name().toLowerCase(java.util.Locale.ROOT) + (n == 1 ? "" : "-" + n);
            out.add(new Event(e.kind(), e.by(), e.at(), e.text(), anchor));
        }
        return out;
    }

    /** One step of a query's thread as the page shows it. */
    public record Event(QueryEvent.Kind kind, String by, Instant at, String text, String anchor) {
        /** The message key of its heading ("Answered by x on date"). */
        public String messageKey() {
            return kind == QueryEvent.Kind.REOPENED ? "dm.queryEvent.REOPENED" : "queryPage.event." + kind.name();
        }
    }
}
