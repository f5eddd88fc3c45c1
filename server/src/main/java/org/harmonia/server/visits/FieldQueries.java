package org.harmonia.server.visits;

import java.util.List;
import java.util.Map;
import org.harmonia.server.security.Caller;

/**
 * The data queries on a record's fields, as the form page shows them: highlighted for the site with their question,
 * and a control to raise one for those who may. Implemented by the queries feature, so that the form page needs no
 * knowledge of how queries are kept.
 */
public interface FieldQueries {

    /** The queries not yet closed on the record, by field name, oldest first; empty for a caller who may not read queries. */
    Map<String, List<FieldQuery>> notClosedOn(String studyId, long recordId, Caller caller);

    /** Whether the caller may raise a query on a field of a saved record of the study. */
    boolean mayRaise(String studyId, Caller caller);

    /** The address a query on one of the record's fields is raised at (a page form posts {@code field} and {@code question}). */
    String raiseAddress(String studyId, long recordId);

    /**
     * One query on a field: its current question (the latest re-opening's), whether it awaits the site (open) or the
     * data manager (answered), its age in days and its page.
     */
    record FieldQuery(long id, String question, boolean awaitingSite, long ageDays, String page) {
    }
}
