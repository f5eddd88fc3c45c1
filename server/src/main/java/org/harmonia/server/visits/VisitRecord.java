package org.harmonia.server.visits;

import java.time.LocalDate;

/** What was recorded about one visit of one subject. */
public record VisitRecord(String visitId, String status, LocalDate visitDate, boolean outOfWindow, String note, int version) {
}
