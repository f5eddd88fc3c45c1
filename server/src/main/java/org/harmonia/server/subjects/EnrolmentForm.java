package org.harmonia.server.subjects;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.util.MultiValueMap;

/** The enrolment form as a page posts it: consent date and day 0 as yyyy-mm-dd, and the version of the subject shown. */
public record EnrolmentForm(String consentDate, String dayZero, String version) {

    public static EnrolmentForm of(MultiValueMap<String, String> form) {
        return new EnrolmentForm(text(form.getFirst("consentDate")), text(form.getFirst("dayZero")), text(form.getFirst("version")));
    }

    public static EnrolmentForm of(Subject s) {
        return new EnrolmentForm("", "", String.valueOf(s.version()));
    }

    public Enrolment enrolment() {
        List<FieldError> errors = new ArrayList<>();
        LocalDate consent = date("consentDate", consentDate, errors);
        LocalDate day0 = date("dayZero", dayZero, errors);
        Integer v = null;
        try {
            v = version.isEmpty() ? null : Integer.valueOf(version);
        } catch (NumberFormatException e) {
            errors.add(new FieldError("version", "is not a number"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Enrolment(consent, day0, v);
    }

    private static LocalDate date(String field, String text, List<FieldError> errors) {
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

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }
}
