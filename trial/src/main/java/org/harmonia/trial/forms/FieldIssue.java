package org.harmonia.trial.forms;

/** A problem with one field of a form: an error refuses the form, a warning is stored with it for review. */
public record FieldIssue(String field, String message) {
}
