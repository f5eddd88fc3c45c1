package org.harmonia.trial.protocol;

import java.util.List;

/** Where an analysis reads a value: a form's field at some visits, and how several visits combine (sum; last, the latest recorded; or none). */
public record DataPoint(String form, String field, List<String> visits, String summary) {
    public DataPoint {
        visits = visits == null ? List.of() : List.copyOf(visits);
    }
}
