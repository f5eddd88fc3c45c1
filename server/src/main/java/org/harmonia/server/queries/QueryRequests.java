package org.harmonia.server.queries;

/** The bodies of the query endpoints. */
public final class QueryRequests {
    private QueryRequests() {
    }

    /** Raising a query on a field of a form record. */
    public record Raise(Long formRecordId, String field, String question) {
    }

    /** The site's answer (after correcting the form, if the value was wrong). */
    public record Answer(String answer, Integer version) {
    }

    /** Closing a query, with an optional note. */
    public record Close(String note, Integer version) {
    }
}
