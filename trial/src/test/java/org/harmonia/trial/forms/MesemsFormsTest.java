package org.harmonia.trial.forms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolLoader;
import org.junit.jupiter.api.Test;

/** Validation of the MESEMS eCRFs: types, ranges, required fields, normal ranges and cross-field checks. */
class MesemsFormsTest {
    private static final Protocol MESEMS = new ProtocolLoader().load(Path.of("..", "protocols", "mesems.yaml"));

    private static FormDefinition form(String id) {
        return MESEMS.form(id).orElseThrow();
    }

    private static Map<String, String> adverseEvent() {
        Map<String, String> ae = new HashMap<>();
        ae.put("verbatim_term", "urinary tract infection");
        ae.put("soc", "Infections and infestations");
        ae.put("onset_date", "2026-03-02");
        ae.put("end_date", "2026-03-12");
        ae.put("severity", "moderate");
        ae.put("ctcae_grade", "2");
        ae.put("serious", "no");
        ae.put("relatedness", "not related");
        ae.put("action_taken", "none");
        ae.put("outcome", "recovered");
        return ae;
    }

    @Test
    void definesEveryFormTheScheduleUses() {
        MESEMS.activities().stream().filter(a -> a.form() != null)
                .forEach(a -> assertThat(MESEMS.form(a.form())).as(a.id()).isPresent());
        assertThat(form("adverse_event").repeating()).isTrue();
        assertThat(form("adverse_event").field("soc").orElseThrow().variable().choices()).hasSize(27);
    }

    @Test
    void acceptsACompleteAdverseEvent() {
        FormValidation v = form("adverse_event").validate(adverseEvent());
        assertThat(v.errors()).isEmpty();
        assertThat(v.valid()).isTrue();
    }

    @Test
    void refusesAnEndDateBeforeOnset() {
        Map<String, String> ae = adverseEvent();
        ae.put("end_date", "2026-03-01");
        assertThat(form("adverse_event").validate(ae).errors())
                .containsExactly(new FieldIssue("end_date", "the end date must not be before the onset date"));
    }

    @Test
    void allowsAnOngoingEventWithoutEndDate() {
        Map<String, String> ae = adverseEvent();
        ae.remove("end_date");
        ae.put("outcome", "not recovered");
        assertThat(form("adverse_event").validate(ae).valid()).isTrue();
    }

    @Test
    void aSeriousEventNeedsASeriousnessCriterion() {
        Map<String, String> ae = adverseEvent();
        ae.put("serious", "yes");
        assertThat(form("adverse_event").validate(ae).errors())
                .containsExactly(new FieldIssue("serious", "a serious adverse event needs at least one seriousness criterion"));
        ae.put("sc_hospitalisation", "yes");
        assertThat(form("adverse_event").validate(ae).valid()).isTrue();
    }

    @Test
    void gradeFiveGoesWithAFatalOutcome() {
        Map<String, String> ae = adverseEvent();
        ae.put("ctcae_grade", "5");
        assertThat(form("adverse_event").validate(ae).errors()).extracting(FieldIssue::field).contains("outcome");
    }

    @Test
    void reportsEveryTypeAndRequiredErrorAtOnce() {
        Map<String, String> ae = adverseEvent();
        ae.remove("verbatim_term");
        ae.put("soc", "Infections");
        ae.put("ctcae_grade", "7");
        ae.put("onset_date", "2026-02-30");
        assertThat(form("adverse_event").validate(ae).errors()).extracting(FieldIssue::field)
                .containsExactlyInAnyOrder("verbatim_term", "soc", "ctcae_grade", "onset_date");
    }

    @Test
    void rejectsEdssOutsideHalfPointSteps() {
        Map<String, String> edss = new HashMap<>(Map.of("assessment_date", "2026-01-05", "edss", "3.25"));
        assertThat(form("edss").validate(edss).errors()).singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("edss"));
        edss.put("edss", "10.5");
        assertThat(form("edss").validate(edss).valid()).isFalse();
        edss.put("edss", "6.5");
        assertThat(form("edss").validate(edss).valid()).isTrue();
    }

    @Test
    void flagsAValueOutsideTheNormalRangeWithoutRefusingIt() {
        Map<String, String> vitals = new HashMap<>(Map.of("systolic_bp", "165", "diastolic_bp", "95", "heart_rate", "72"));
        FormValidation v = form("vital_signs").validate(vitals);
        assertThat(v.valid()).isTrue();
        assertThat(v.warnings()).extracting(FieldIssue::message).containsExactly(
                "systolic blood pressure 165 mmHg is above the normal range 90-140 mmHg",
                "diastolic blood pressure 95 mmHg is above the normal range 60-90 mmHg");
    }

    @Test
    void refusesAValueBeyondItsHardLimits() {
        Map<String, String> vitals = new HashMap<>(Map.of("systolic_bp", "400", "diastolic_bp", "80", "heart_rate", "72"));
        assertThat(form("vital_signs").validate(vitals).errors()).containsExactly(new FieldIssue("systolic_bp",
                "systolic blood pressure 400 mmHg is above the highest possible value 260 mmHg"));
    }

    @Test
    void aReportedRelapseNeedsItsOnsetDate() {
        Map<String, String> relapse = new HashMap<>(Map.of("relapse_since_last_visit", "yes"));
        assertThat(form("relapse").validate(relapse).errors())
                .containsExactly(new FieldIssue("onset_date", "a relapse needs its onset date"));
        relapse.put("relapse_since_last_visit", "no");
        assertThat(form("relapse").validate(relapse).valid()).isTrue();
    }

    @Test
    void refusesAFieldTheFormDoesNotHave() {
        Map<String, String> mri = new HashMap<>(Map.of("scan_date", "2026-02-02", "field_strength", "3 T", "gel_count", "2",
                "gel_cnt", "3"));
        assertThat(form("mri").validate(mri).errors()).extracting(FieldIssue::field).containsExactly("gel_cnt");
    }

    @Test
    void refusesNeverAsAFormDate() {
        Map<String, String> mri = new HashMap<>(Map.of("scan_date", "never", "field_strength", "3 T", "gel_count", "2"));
        assertThat(form("mri").validate(mri).errors()).containsExactly(new FieldIssue("scan_date", "\"never\" is not a date"));
    }

    @Test
    void refusesAnAssessmentDateInTheFuture() {
        java.time.LocalDate today = java.time.LocalDate.of(2026, 6, 15);
        Map<String, String> edss = Map.of("assessment_date", "2027-06-15", "edss", "4.0");
        assertThat(form("edss").validate(edss, today).errors())
                .containsExactly(new FieldIssue("assessment_date", "2027-06-15 is in the future (today is 2026-06-15)"));
        assertThat(form("edss").validate(Map.of("assessment_date", "2026-06-15", "edss", "4.0"), today).valid()).isTrue();
    }

    @Test
    void refusesALineBreakOrAnOverlongTextInAOneLineField() {
        Map<String, String> ae = adverseEvent();
        ae.put("verbatim_term", "urinary tract\ninfection");
        assertThat(form("adverse_event").validate(ae).errors()).containsExactly(new FieldIssue("verbatim_term",
                "contains the control character line feed (U+000A) at position 14; this field is a single line"));
        ae.put("verbatim_term", "x".repeat(201));
        assertThat(form("adverse_event").validate(ae).errors())
                .containsExactly(new FieldIssue("verbatim_term", "is too long: 201 characters, at most 200"));
    }

    @Test
    void acceptsLineBreaksInAMultiLineFieldButNoOtherControlCharacter() {
        Map<String, String> dose = new HashMap<>(Map.of("administration_date", "2026-06-08", "kit_number", "1000234",
                "dose_cells_per_kg", "1500000", "route", "intravenous", "infusion_reaction", "yes",
                "reaction_description", "fever 38.4\nchills\tafter 20 min"));
        assertThat(form("treatment_administration").validate(dose).valid()).isTrue();
        dose.put("reaction_description", "fever\u001b[31m");
        assertThat(form("treatment_administration").validate(dose).errors()).containsExactly(new FieldIssue("reaction_description",
                "contains the control character U+001B at position 6"));
        dose.put("reaction_description", "x".repeat(4001));
        assertThat(form("treatment_administration").validate(dose).errors()).extracting(FieldIssue::message)
                .containsExactly("is too long: 4001 characters, at most 4000");
    }
}
