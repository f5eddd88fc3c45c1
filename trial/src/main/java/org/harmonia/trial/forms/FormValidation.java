package org.harmonia.trial.forms;

import java.util.List;
import org.harmonia.trial.eligibility.ScreeningData;

/** The outcome of validating a form: errors (the form is refused), warnings (stored, flagged), and the typed values. */
public record FormValidation(List<FieldIssue> errors, List<FieldIssue> warnings, ScreeningData values) {
    public FormValidation {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return errors.isEmpty();
    }
}
