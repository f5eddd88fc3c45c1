package org.harmonia.server.visits;

/** Published inside the saving transaction whenever a form record is created, corrected or voided, so other features can react (e.g. a serious AE). */
public record FormRecordSaved(FormRecord record, String actor) {
}
