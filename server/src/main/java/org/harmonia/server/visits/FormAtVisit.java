package org.harmonia.server.visits;

import org.harmonia.server.subjects.Subject;
import org.harmonia.trial.forms.FormDefinition;
import org.harmonia.trial.protocol.Visit;

/**
 * A form planned at one visit of one subject, as the protocol defines it, with its record if saved ({@code null}
 * before the first save) and whether the caller may enter or correct it now.
 */
public record FormAtVisit(Subject subject, Visit visit, FormDefinition form, FormRecord record, boolean mayEnter) {
}
