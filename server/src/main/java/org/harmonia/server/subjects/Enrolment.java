package org.harmonia.server.subjects;

import java.time.LocalDate;

/** Enrolling an eligible subject: date of written consent and day 0 (baseline, first infusion) that the schedule counts from. */
public record Enrolment(LocalDate consentDate, LocalDate dayZero, Integer version) {
}
