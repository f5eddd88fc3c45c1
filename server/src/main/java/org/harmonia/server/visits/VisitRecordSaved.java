package org.harmonia.server.visits;

/** Published inside the saving transaction whenever a visit is recorded as done or missed, or that record changes. */
public record VisitRecordSaved(String studyId, String subjectId, String visitId, String actor) {
}
