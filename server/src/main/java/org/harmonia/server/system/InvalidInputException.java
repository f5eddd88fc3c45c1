package org.harmonia.server.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A request whose fields break the rules (types, ranges, required, cross-field checks): 422 with every field error. */
public class InvalidInputException extends RuntimeException {
    private final List<FieldError> errors;

    public InvalidInputException(List<FieldError> errors) {
        super(errors.isEmpty() ? "invalid input" : errors.get(0).field() + ": " + errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Each field's messages in one text ("a; b"), keyed by the field name as the API gives it, as a page shows them by the field. */
    public Map<String, String> messagesByField() {
        Map<String, String> out = new LinkedHashMap<>();
        errors.forEach(e -> out.merge(e.field(), e.message(), (a, b) -> a + "; " + b));
        return out;
    }
}
