package org.harmonia.trial.eligibility;

import java.util.List;
import java.util.stream.Collectors;
import org.harmonia.stats.InvalidDataException;

/** Screening data could not be accepted; carries every bad field at once so a site can fix them together. */
public class ScreeningDataException extends InvalidDataException {
    private final List<FieldError> errors;

    public ScreeningDataException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
