package org.harmonia.server.visits;

import java.time.LocalDate;

/** A visit recorded as done on a date, or as missed with a note; a change carries the version read and a reason. */
public record VisitEntry(String status, LocalDate visitDate, String note, Integer version, String reason) {
}
