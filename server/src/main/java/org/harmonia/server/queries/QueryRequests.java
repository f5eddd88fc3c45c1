package org.harmonia.server.queries;

import org.harmonia.server.system.Text;

/** The bodies of the query endpoints; their texts are checked as they are read. */
public final class QueryRequests {
    private QueryRequests() {
    }

    /** Raising a query on a field of a form record. */
    public record Raise(Long formRecordId, String field, String question) {
        public Raise {
            Text.singleLine("field", field, 100);
            Text.multiLine("question", question);
        }
    }

    /** The site's answer (after correcting the form, if the value was wrong). */
    public record Answer(String answer, Integer version) {
        public Answer {
            Text.multiLine("answer", answer);
        }
    }

    /** Closing a query, with an optional note. */
    public record Close(String note, Integer version) {
        public Close {
            Text.multiLine("note", note);
        }
    }

    /** Re-opening an answered or closed query with a new question to the site. */
    public record Reopen(String question, Integer version) {
        public Reopen {
            Text.multiLine("question", question);
        }
    }
}
