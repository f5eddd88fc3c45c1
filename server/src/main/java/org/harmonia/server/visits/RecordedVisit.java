package org.harmonia.server.visits;

import java.util.List;
import org.harmonia.trial.forms.FieldIssue;

/** A visit as recorded, with a warning when its date lies outside the window. */
public record RecordedVisit(VisitRecord visit, List<FieldIssue> warnings) {
}
