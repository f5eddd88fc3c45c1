package org.harmonia.server.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;

/**
 * Reads the text a page posts into the types the API's requests take. A date or version that cannot be read is an
 * error under the API's field name; the errors are collected so that the page shows them all at once, as the API
 * answers them. Empty fields are absent, for the services to say what is required.
 */
public final class PostedForm {
    private final List<FieldError> errors = new ArrayList<>();

    /** A posted text as a page shows it again: stripped, and empty rather than absent. */
    public static String text(String posted) {
        return posted == null ? "" : posted.strip();
    }

    /** A posted text as a request takes it: absent when left blank. */
    public static String orNull(String posted) {
        return posted == null || posted.isBlank() ? null : posted;
    }

    /** The version of the record the page showed, read on its own (a page with no other typed field). */
    public static Integer versionOf(String posted) {
        PostedForm form = new PostedForm();
        Integer version = form.version(posted);
        form.check();
        return version;
    }

    public LocalDate date(String field, String posted) {
        String text = text(posted);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "expected a date (yyyy-mm-dd), not \"" + text + "\""));
            return null;
        }
    }

    /** A decimal number, read with a decimal comma as well as a point. */
    public BigDecimal decimal(String field, String posted) {
        String text = text(posted).replace(',', '.');
        if (text.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "expected a number, not \"" + text(posted) + "\""));
            return null;
        }
    }

    public Integer version(String posted) {
        String text = text(posted);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            errors.add(new FieldError("version", "is not a number"));
            return null;
        }
    }

    /** Refuses the post with every error collected, as the API's 422 would. */
    public void check() {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }
}
