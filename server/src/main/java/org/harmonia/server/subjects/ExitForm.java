package org.harmonia.server.subjects;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.util.MultiValueMap;

/** A withdrawal or completion as a page posts it: the date as yyyy-mm-dd, the reason, and the version of the subject shown. */
public record ExitForm(String date, String reason, String version) {

    public static ExitForm of(MultiValueMap<String, String> form) {
        return new ExitForm(text(form.getFirst("date")), text(form.getFirst("reason")), text(form.getFirst("version")));
    }

    public static ExitForm of(Subject s) {
        return new ExitForm("", "", String.valueOf(s.version()));
    }

    /** The request the API takes; a date or version that cannot be read is refused under its field name, as the API does. */
    public StudyExit exit() {
        List<FieldError> errors = new ArrayList<>();
        LocalDate d = null;
        if (!date.isEmpty()) {
            try {
                d = LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("date", "expected a date (yyyy-mm-dd), not \"" + date + "\""));
            }
        }
        Integer v = null;
        try {
            v = version.isEmpty() ? null : Integer.valueOf(version);
        } catch (NumberFormatException e) {
            errors.add(new FieldError("version", "is not a number"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new StudyExit(d, reason.isEmpty() ? null : reason, v);
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }
}
