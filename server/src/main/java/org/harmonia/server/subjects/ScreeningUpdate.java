package org.harmonia.server.subjects;

import java.time.LocalDate;
import java.util.Map;

/** Completed or corrected screening data for a subject still in screening, with the version read and a reason for changes. */
public record ScreeningUpdate(LocalDate plannedRandomisationDate, Map<String, Object> data, Integer version, String reason) {
}
