package org.harmonia.server.queries;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.visits.FieldQueries;
import org.springframework.stereotype.Component;

/** The queries on a form record's fields for the form page, read with the caller's own scope. */
@Component
class FormFieldQueries implements FieldQueries {
    private final QueryService queries;
    private final Clock clock;

    FormFieldQueries(QueryService queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @Override
    public Map<String, List<FieldQuery>> notClosedOn(String studyId, long recordId, Caller caller) {
        Map<String, List<FieldQuery>> out = new LinkedHashMap<>();
        for (DataQuery q : queries.notClosedOnRecord(studyId, recordId, caller)) {
            long age = Math.max(0, ChronoUnit.DAYS.between(LocalDate.ofInstant(q.raisedAt(), clock.getZone()), LocalDate.now(clock)));
            out.computeIfAbsent(q.field(), k -> new ArrayList<>()).add(new FieldQuery(q.id(), q.currentQuestion(),
                    q.status() == QueryStatus.OPEN, age, "/studies/" + studyId + "/queries/" + q.id()));
        }
        return out;
    }

    @Override
    public boolean mayRaise(String studyId, Caller caller) {
        return caller.has(studyId, Permission.RAISE_QUERIES);
    }

    @Override
    public String raiseAddress(String studyId, long recordId) {
        return "/studies/" + studyId + "/form-records/" + recordId + "/queries";
    }
}
