package org.harmonia.server.analysis;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The study's analysis data cut-off: the report analyses the subjects screened on or before {@code date} whose day 0
 * (if any) is also on or before it; later subjects are counted and listed as not analysed, never left out silently.
 * Who set it, when and why are part of it because the report states them in its methods.
 */
public record AnalysisCutoff(LocalDate date, String setBy, Instant setAt, String reason) {
    public AnalysisCutoff {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(setAt, "setAt");
        if (setBy == null || setBy.isBlank()) {
            throw new IllegalArgumentException("an analysis cut-off names who set it");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an analysis cut-off gives its reason");
        }
    }

    /** Whether a subject falls after the cut-off: screened after it, or starting the study (day 0) after it. */
    public boolean excludes(LocalDate screeningDate, LocalDate dayZero) {
        return screeningDate != null && screeningDate.isAfter(date) || dayZero != null && dayZero.isAfter(date);
    }

    /** The rule in the words the report's methods use. */
    public String methods() {
        return "Analysis data cut-off: " + date + " (set by " + setBy + " on " + setAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + ": " + reason + "). Every table and chart analyses the subjects screened on or before the cut-off whose day 0, "
                + "if they have one, is also on or before it. Subjects screened or starting the study (day 0) after the cut-off "
                + "are not analysed: they are counted in the patient flow and listed by status in section 6. The data recorded "
                + "for the analysed subjects are used in full.";
    }
}
