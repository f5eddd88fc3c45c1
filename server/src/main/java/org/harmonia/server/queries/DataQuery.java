package org.harmonia.server.queries;

import java.time.Instant;
import java.util.List;

/**
 * A question raised on one field of a saved form (by the central data manager, a monitor, or one of the protocol's
 * edit checks), and how the site answered it. {@code answer} and {@code closedAt} hold the latest round; the whole
 * thread, when read with the query, is in {@code thread} (null in lists).
 *
 * @param editCheck the protocol's edit check that raised the query, or null when a person raised it
 */
public record DataQuery(long id, String studyId, String subjectId, String siteId, long formRecordId, String field,
                        String question, QueryStatus status, Instant raisedAt, String raisedBy, String answer,
                        Instant answeredAt, String answeredBy, Instant closedAt, String closedBy, String closeNote,
                        int version, String editCheck, List<QueryEvent> thread) {

    public DataQuery {
        thread = thread == null ? null : List.copyOf(thread);
    }

    DataQuery withThread(List<QueryEvent> events) {
        return new DataQuery(id, studyId, subjectId, siteId, formRecordId, field, question, status, raisedAt, raisedBy, answer,
                answeredAt, answeredBy, closedAt, closedBy, closeNote, version, editCheck, events);
    }

    /** The question the site is asked now: the latest re-opening's, or the one raised. */
    public String currentQuestion() {
        if (thread != null) {
            for (int i = thread.size() - 1; i >= 0; i--) {
                if (thread.get(i).kind() == QueryEvent.Kind.REOPENED) {
                    return thread.get(i).text();
                }
            }
        }
        return question;
    }
}
