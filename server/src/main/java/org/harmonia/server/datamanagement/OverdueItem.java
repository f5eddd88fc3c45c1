package org.harmonia.server.datamanagement;

import java.time.LocalDate;

/**
 * A visit whose window has closed with nothing recorded (kind VISIT, no form), or a form planned at a visit that took
 * place and is still not saved after the window closed (kind FORM).
 */
public record OverdueItem(Kind kind, String siteId, String subjectId, String visitId, String visitLabel, String formId,
                          String formLabel, LocalDate targetDate, LocalDate windowClosed, int daysOverdue) {
    public enum Kind { VISIT, FORM }

    public OverdueItem {
        if (kind == null || (kind == Kind.FORM) != (formId != null) || daysOverdue < 1) {
            throw new IllegalArgumentException("an overdue " + kind + " of " + subjectId + " at " + visitId + " is not overdue");
        }
    }
}
