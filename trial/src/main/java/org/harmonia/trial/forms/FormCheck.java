package org.harmonia.trial.forms;

import org.harmonia.trial.eligibility.Rule;

/** A cross-field rule of a form that must hold (e.g. end date not before onset); when it fails, {@code message} is reported on {@code field}. */
public record FormCheck(String field, Rule rule, String message) {
    public FormCheck {
        if (field == null || rule == null || message == null || message.isBlank()) {
            throw new IllegalArgumentException("a form check needs a field, a rule and a message");
        }
    }
}
