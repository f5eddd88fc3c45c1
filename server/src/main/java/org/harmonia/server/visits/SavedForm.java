package org.harmonia.server.visits;

import java.util.List;
import org.harmonia.trial.forms.FieldIssue;

/** The answer to a save: the record as stored and any warnings (out-of-range values, a visit outside its window). */
public record SavedForm(FormRecord record, List<FieldIssue> warnings) {
}
