package org.harmonia.server.visits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.ApiClient.Response;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Form corrections over real HTTP change exactly the fields they name; emptying a field is said with
 * {@code clear}; impossible dates and texts are refused with the field named. Today is 2026-06-15.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class PartialCorrectionTest {
    static final String STUDY = "/api/studies/mesems";

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    ApiClient coordinator;
    ApiClient monitor;
    String subject;

    @BeforeEach
    void enrolledSubject() {
        TestUsers users = new TestUsers(userService);
        coordinator = new ApiClient(port, users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07"));
        monitor = coordinator.as(users.token("monitor", "mesems", Role.MONITOR, null));
        JsonNode s = coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-06-01",
                "plannedRandomisationDate", "2026-06-20", "data", Patients.eligibleRrms())).body();
        subject = s.get("id").asString();
        Response enrolled = coordinator.post(STUDY + "/subjects/" + subject + "/enrolment",
                Map.of("consentDate", "2026-06-02", "dayZero", "2026-06-08", "version", s.get("version").asInt()));
        assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(200);
    }

    /** Saves the EDSS form at W0 with four values; returns the record id. */
    long savedEdss() {
        Response r = coordinator.put(STUDY + "/subjects/" + subject + "/visits/W0/forms/edss", Map.of("values",
                Map.of("assessment_date", "2026-06-08", "edss", 3.5, "fs_pyramidal", 2, "ambulation_metres", 500)));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.body().get("record").get("id").asLong();
    }

    List<JsonNode> updates(long recordId) {
        JsonNode page = monitor.get("/api/audit?studyId=mesems&entityType=form_record&entityId=" + recordId).body();
        List<JsonNode> out = new ArrayList<>();
        (page.has("entries") ? page.get("entries") : page).forEach(row -> {
            if (row.get("action").asString().equals("UPDATE")) {
                out.add(row);
            }
        });
        return out;
    }

    @Test
    void aCorrectionByIdChangesOnlyTheFieldItNamesAndAuditsOnlyThat() {
        long id = savedEdss();
        Response r = coordinator.put(STUDY + "/form-records/" + id, Map.of("values", Map.of("edss", 4.0), "version", 1,
                "reason", "transcription error"));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode values = r.body().get("record").get("values");
        assertThat(values.get("edss").asString()).isEqualTo("4.0");
        assertThat(values.get("assessment_date").asString()).isEqualTo("2026-06-08");
        assertThat(values.get("fs_pyramidal").asString()).isEqualTo("2");
        assertThat(values.get("ambulation_metres").asString()).isEqualTo("500");
        assertThat(updates(id)).singleElement().satisfies(row -> {
            assertThat(row.get("field").asString()).isEqualTo("edss");
            assertThat(row.get("oldValue").asString()).isEqualTo("3.5");
            assertThat(row.get("newValue").asString()).isEqualTo("4.0");
        });
    }

    @Test
    void aCorrectionAtTheVisitKeepsTheValuesItLeavesOut() {
        savedEdss();
        Response r = coordinator.put(STUDY + "/subjects/" + subject + "/visits/W0/forms/edss",
                Map.of("values", Map.of("fs_pyramidal", 3), "version", 1, "reason", "re-examined"));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode values = r.body().get("record").get("values");
        assertThat(values.get("fs_pyramidal").asString()).isEqualTo("3");
        assertThat(values.get("edss").asString()).isEqualTo("3.5");
        assertThat(values.get("ambulation_metres").asString()).isEqualTo("500");
    }

    @Test
    void aFieldIsEmptiedOnlyWhenListedInClear() {
        long id = savedEdss();
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("fs_pyramidal", null);
        Response nullValue = coordinator.put(STUDY + "/form-records/" + id, Map.of("values", withNull, "version", 1, "reason", "x"));
        assertThat(nullValue.status()).isEqualTo(422);
        assertThat(nullValue.body().get("errors").get(0).get("field").asString()).isEqualTo("values.fs_pyramidal");
        assertThat(nullValue.body().get("errors").get(0).get("message").asString())
                .isEqualTo("null is not a value; to empty the field, list it in clear");
        Response both = coordinator.put(STUDY + "/form-records/" + id, Map.of("values", Map.of("fs_pyramidal", 3),
                "clear", List.of("fs_pyramidal"), "version", 1, "reason", "x"));
        assertThat(both.status()).isEqualTo(422);
        assertThat(both.body().get("errors").get(0).get("field").asString()).isEqualTo("clear");
        Response required = coordinator.put(STUDY + "/form-records/" + id, Map.of("clear", List.of("edss"), "version", 1, "reason", "x"));
        assertThat(required.status()).isEqualTo(422);
        assertThat(required.body().get("errors").get(0).get("field").asString()).isEqualTo("values.edss");
        assertThat(updates(id)).isEmpty();

        Response cleared = coordinator.put(STUDY + "/form-records/" + id, Map.of("clear", List.of("fs_pyramidal"), "version", 1,
                "reason", "not examined"));
        assertThat(cleared.status()).as(cleared.text()).isEqualTo(200);
        JsonNode values = cleared.body().get("record").get("values");
        assertThat(values.has("fs_pyramidal")).isFalse();
        assertThat(values.get("edss").asString()).isEqualTo("3.5");
        assertThat(updates(id)).singleElement().satisfies(row -> {
            assertThat(row.get("field").asString()).isEqualTo("fs_pyramidal");
            assertThat(row.get("oldValue").asString()).isEqualTo("2");
            assertThat(row.has("newValue") && !row.get("newValue").isNull()).isFalse();
        });
    }

    @Test
    void theCrossFieldChecksSeeTheMergedValues() {
        Map<String, Object> ae = new HashMap<>(Map.of("verbatim_term", "headache", "soc", "Nervous system disorders",
                "onset_date", "2026-06-10", "end_date", "2026-06-12", "severity", "mild", "ctcae_grade", 1, "serious", false,
                "relatedness", "not related", "action_taken", "none", "outcome", "recovered"));
        Response saved = coordinator.post(STUDY + "/subjects/" + subject + "/adverse-events", Map.of("values", ae));
        assertThat(saved.status()).as(saved.text()).isEqualTo(201);
        long id = saved.body().get("saved").get("record").get("id").asLong();
        Response r = coordinator.put(STUDY + "/form-records/" + id, Map.of("values", Map.of("onset_date", "2026-06-13"),
                "version", 1, "reason", "onset misread"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("errors")).extracting(e -> e.get("field").asString() + ": " + e.get("message").asString())
                .containsExactly("values.end_date: the end date must not be before the onset date");
    }

    @Test
    void refusesAnAssessmentDateInTheFuture() {
        Response r = coordinator.put(STUDY + "/subjects/" + subject + "/visits/W0/forms/edss",
                Map.of("values", Map.of("assessment_date", "2027-06-08", "edss", 3.5)));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("errors")).extracting(e -> e.get("field").asString() + ": " + e.get("message").asString())
                .containsExactly("values.assessment_date: 2027-06-08 is in the future (today is 2026-06-15)");
        assertThat(coordinator.get(STUDY + "/subjects/" + subject + "/forms").body()).isEmpty();
    }

    @Test
    void refusesAnOverlongOrMultiLineTextInAOneLineFieldButKeepsLinesWhereTheyBelong() {
        String log = STUDY + "/subjects/" + subject + "/forms/concomitant_medication";
        Response twoLines = coordinator.post(log, Map.of("values", Map.of("medication", "vitamin D\nand calcium", "start_date", "2026-01-01")));
        assertThat(twoLines.status()).isEqualTo(422);
        assertThat(twoLines.body().get("errors").get(0).get("field").asString()).isEqualTo("values.medication");
        assertThat(twoLines.body().get("errors").get(0).get("message").asString())
                .isEqualTo("contains the control character line feed (U+000A) at position 10; this field is a single line");
        Response overlong = coordinator.post(log, Map.of("values", Map.of("medication", "x".repeat(201), "start_date", "2026-01-01")));
        assertThat(overlong.status()).isEqualTo(422);
        assertThat(overlong.body().get("errors").get(0).get("message").asString()).isEqualTo("is too long: 201 characters, at most 200");
        assertThat(coordinator.get(STUDY + "/subjects/" + subject + "/forms").body()).isEmpty();

        Response infusion = coordinator.put(STUDY + "/subjects/" + subject + "/visits/W0/forms/treatment_administration",
                Map.of("values", Map.of("administration_date", "2026-06-08", "kit_number", "1000234", "dose_cells_per_kg", 1.5e6,
                        "route", "intravenous", "infusion_reaction", true, "reaction_description", "fever 38.4\nchills after 20 min")));
        assertThat(infusion.status()).as(infusion.text()).isEqualTo(200);
        assertThat(infusion.body().get("record").get("values").get("reaction_description").asString())
                .isEqualTo("fever 38.4\nchills after 20 min");
    }
}
