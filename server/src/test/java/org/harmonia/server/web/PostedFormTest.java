package org.harmonia.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;
import org.junit.jupiter.api.Test;

/** A page's posted text read into the API's types: every unreadable field refused at once, under its own name. */
class PostedFormTest {

    @Test
    void readsDatesAndVersionsAndLeavesEmptyFieldsAbsent() {
        PostedForm posted = new PostedForm();
        assertThat(posted.date("dayZero", " 2026-05-18 ")).isEqualTo(LocalDate.of(2026, 5, 18));
        assertThat(posted.date("consentDate", "")).isNull();
        assertThat(posted.version("3")).isEqualTo(3);
        assertThat(posted.version(null)).isNull();
        posted.check();
        assertThat(PostedForm.text(null)).isEmpty();
        assertThat(PostedForm.text("  a reason ")).isEqualTo("a reason");
        assertThat(PostedForm.orNull("   ")).isNull();
        assertThat(PostedForm.orNull("a reason")).isEqualTo("a reason");
    }

    @Test
    void refusesEveryUnreadableFieldAtOnceUnderItsName() {
        PostedForm posted = new PostedForm();
        posted.date("dayZero", "2026-02-30");
        posted.version("two");
        assertThatThrownBy(posted::check).isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                .containsExactly(new FieldError("dayZero", "expected a date (yyyy-mm-dd), not \"2026-02-30\""),
                        new FieldError("version", "is not a number")));
        assertThatThrownBy(() -> PostedForm.versionOf("v1")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void messagesOfOneFieldAreShownTogether() {
        InvalidInputException e = new InvalidInputException(java.util.List.of(new FieldError("reason", "is required"),
                new FieldError("date", "must not be in the future"), new FieldError("reason", "is too long")));
        assertThat(e.messagesByField()).containsExactly(java.util.Map.entry("reason", "is required; is too long"),
                java.util.Map.entry("date", "must not be in the future"));
    }
}
