package org.harmonia.server.subjects;

import static org.harmonia.server.web.PostedForm.text;

import java.time.LocalDate;
import org.harmonia.server.web.PostedForm;
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
        PostedForm posted = new PostedForm();
        LocalDate consent = posted.date("consentDate", consentDate);
        LocalDate day0 = posted.date("dayZero", dayZero);
        Integer v = posted.version(version);
        posted.check();
        return new Enrolment(consent, day0, v);
    }
}
