package org.harmonia.server.subjects;

import static org.harmonia.server.web.PostedForm.text;

import java.time.LocalDate;
import org.harmonia.server.web.PostedForm;
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
        PostedForm posted = new PostedForm();
        LocalDate d = posted.date("date", date);
        Integer v = posted.version(version);
        posted.check();
        return new StudyExit(d, reason.isEmpty() ? null : reason, v);
    }
}
