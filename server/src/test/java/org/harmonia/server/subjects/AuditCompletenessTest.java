package org.harmonia.server.subjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.ApiClient.Response;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The audit trail is complete: after screening (completed later with a reason), enrolment, saving the forms of
 * a visit and a correction, every value stored for the subject and its forms can be traced to the audit row that
 * put it there, read back as an auditor through {@code GET /api/audit}. Today is fixed at 2026-06-15.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class AuditCompletenessTest {
    static final String STUDY = "/api/studies/mesems";
    static final String CORRECTION_REASON = "transcription error: the source document says EDSS 4.5";
    /** Audit fields of a form record that describe where it was saved rather than a value entered on it. */
    static final List<String> FORM_PLACEMENT = List.of("form", "visit");

    @LocalServerPort
    int port;

    ApiClient coordinator;
    ApiClient investigator;
    ApiClient auditor;

    @Autowired
    UserService users;

    TestUsers testUsers;

    @BeforeEach
    void clients() {
        testUsers = new TestUsers(users);
        coordinator = new ApiClient(port, testUsers.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07"));
        investigator = coordinator.as(testUsers.token("investigator", "mesems", Role.SITE_INVESTIGATOR, "07"));
        auditor = coordinator.as(testUsers.token("monitor", "mesems", Role.MONITOR, null));
    }

    static Map<String, Object> eligibleRrms() {
        return SiteWorkflowTest.eligibleRrms();
    }

    /** The whole path of one subject; returns its id and the id of the corrected EDSS record. */
    record Recorded(String subjectId, long correctedRecordId) {
    }

    Recorded recordSubject() {
        Map<String, Object> withoutEgfr = eligibleRrms();
        withoutEgfr.remove("egfr");
        Response screened = coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-06-01",
                "plannedRandomisationDate", "2026-06-20", "data", withoutEgfr));
        assertThat(screened.status()).as(screened.text()).isEqualTo(201);
        String id = screened.body().get("id").asString();
        Response completed = coordinator.put(STUDY + "/subjects/" + id + "/screening", Map.of("plannedRandomisationDate",
                "2026-06-20", "data", eligibleRrms(), "version", 1, "reason", "eGFR result arrived"));
        assertThat(completed.status()).as(completed.text()).isEqualTo(200);
        Response enrolled = coordinator.post(STUDY + "/subjects/" + id + "/enrolment",
                Map.of("consentDate", "2026-06-02", "dayZero", "2026-06-08", "version", 2));
        assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(200);

        String visit = STUDY + "/subjects/" + id + "/visits/W0";
        Map<String, Map<String, Object>> forms = new LinkedHashMap<>();
        forms.put("edss", Map.of("assessment_date", "2026-06-08", "edss", 4.0, "fs_pyramidal", 2, "fs_sensory", 1));
        forms.put("mri", Map.of("scan_date", "2026-06-08", "field_strength", "3 T", "gel_count", 2, "centrally_read", true));
        forms.put("vital_signs", Map.of("systolic_bp", 165, "diastolic_bp", 80, "heart_rate", 70, "temperature", 36.70));
        forms.put("laboratory", Map.of("sample_date", "2026-06-08", "haemoglobin", 13.4, "egfr", 92, "pregnancy_test", "negative"));
        forms.put("treatment_administration", Map.of("administration_date", "2026-06-08", "kit_number", "K-100234",
                "dose_cells_per_kg", 1.5e6, "route", "intravenous", "infusion_reaction", false));
        long edssRecord = -1;
        for (var form : forms.entrySet()) {
            Response r = coordinator.put(visit + "/forms/" + form.getKey(), Map.of("values", form.getValue()));
            assertThat(r.status()).as(form.getKey() + ": " + r.text()).isEqualTo(200);
            if (form.getKey().equals("edss")) {
                edssRecord = r.body().get("record").get("id").asLong();
            }
        }
        Response conmed = coordinator.post(STUDY + "/subjects/" + id + "/forms/concomitant_medication?visit=W0",
                Map.of("values", Map.of("medication", "vitamin D", "start_date", "2025-01-01", "ongoing", true)));
        assertThat(conmed.status()).as(conmed.text()).isEqualTo(201);
        Map<String, Object> sae = new HashMap<>(Map.of("verbatim_term", "pneumonia", "soc", "Infections and infestations",
                "onset_date", "2026-06-12", "severity", "severe", "ctcae_grade", 3, "serious", true,
                "sc_hospitalisation", true, "relatedness", "unlikely", "action_taken", "not applicable", "outcome", "recovering"));
        Response ae = coordinator.post(STUDY + "/subjects/" + id + "/adverse-events", Map.of("values", sae));
        assertThat(ae.status()).as(ae.text()).isEqualTo(201);

        // EDSS changed, fs_sensory cleared, fs_pyramidal unchanged and assessment_date left out (so kept)
        Response corrected = investigator.put(visit + "/forms/edss", Map.of("values", Map.of("edss", 4.5, "fs_pyramidal", 2),
                "clear", List.of("fs_sensory"), "version", 1, "reason", CORRECTION_REASON));
        assertThat(corrected.status()).as(corrected.text()).isEqualTo(200);
        return new Recorded(id, edssRecord);
    }

    @Test
    void everyValueOfEveryFormRecordHasTheAuditRowThatStoredIt() {
        Recorded r = recordSubject();
        JsonNode records = coordinator.get(STUDY + "/subjects/" + r.subjectId() + "/forms").body();
        assertThat(records).hasSize(7);
        for (JsonNode record : records) {
            String recordId = Long.toString(record.get("id").asLong());
            Map<String, JsonNode> latest = latestChangePerField(history("form_record", recordId));
            Map<String, String> stored = textMap(record.get("values"));
            assertThat(stored).as("record %s", recordId).isNotEmpty();
            stored.forEach((field, value) -> assertStoredBy(latest.get(field), "form_record " + recordId + " " + field, value));
            assertThat(latest.get("form").get("newValue").asString()).isEqualTo(record.get("formId").asString());
            if (record.has("visitId") && !record.get("visitId").isNull()) {
                assertThat(latest.get("visit").get("newValue").asString()).isEqualTo(record.get("visitId").asString());
            }
            // and nothing in the trail claims a value that is not stored
            latest.forEach((field, row) -> {
                if (!FORM_PLACEMENT.contains(field)) {
                    assertThat(stored.get(field)).as("form_record %s %s", recordId, field).isEqualTo(newValue(row));
                }
            });
        }
    }

    @Test
    void everyScreeningValueAndTheStatusOfTheSubjectHaveTheirAuditRows() {
        Recorded r = recordSubject();
        JsonNode subject = coordinator.get(STUDY + "/subjects/" + r.subjectId()).body();
        Map<String, JsonNode> latest = latestChangePerField(history("subject", r.subjectId()));
        Map<String, String> screening = textMap(subject.get("screeningData"));
        assertThat(screening).containsEntry("egfr", "92").hasSize(eligibleRrms().size());
        screening.forEach((field, value) ->
                assertStoredBy(latest.get("screening." + field), "subject screening." + field, value));
        latest.keySet().stream().filter(f -> f.startsWith("screening."))
                .forEach(f -> assertThat(screening).containsKey(f.substring("screening.".length())));
        assertThat(latest.get("screening.egfr").get("action").asString()).isEqualTo("UPDATE");
        assertThat(latest.get("screening.egfr").get("reason").asString()).isEqualTo("eGFR result arrived");

        assertStoredBy(latest.get("status"), "subject status", subject.get("status").asString());
        assertThat(subject.get("status").asString()).isEqualTo("ENROLLED");
        assertStoredBy(latest.get("consent_date"), "subject consent_date", subject.get("consentDate").asString());
        assertStoredBy(latest.get("day_zero"), "subject day_zero", subject.get("dayZero").asString());
    }

    @Test
    void theCorrectionIsAuditedWithItsReasonAndTheCorrector() {
        Recorded r = recordSubject();
        List<JsonNode> updates = history("form_record", Long.toString(r.correctedRecordId())).stream()
                .filter(row -> row.get("action").asString().equals("UPDATE")).toList();
        assertThat(updates).extracting(row -> row.get("field").asString() + ": " + text(row, "oldValue") + " -> "
                        + text(row, "newValue")).containsExactlyInAnyOrder("edss: 4.0 -> 4.5", "fs_sensory: 1 -> null");
        assertThat(updates).allSatisfy(row -> {
            assertThat(row.get("reason").asString()).isEqualTo(CORRECTION_REASON);
            assertThat(row.get("actor").asString()).isEqualTo(testUsers.username("investigator"));
            assertThat(row.get("siteId").asString()).isEqualTo("07");
        });
        JsonNode stored = coordinator.get(STUDY + "/form-records/" + r.correctedRecordId()).body();
        assertThat(stored.get("updatedBy").asString()).isEqualTo(testUsers.username("investigator"));
        assertThat(stored.get("version").asInt()).isEqualTo(2);
        assertThat(auditor.get("/api/audit/verify").body().get("intact").asBoolean()).isTrue();
    }

    private List<JsonNode> history(String entityType, String entityId) {
        Response r = auditor.get("/api/audit?studyId=mesems&entityType=" + entityType + "&entityId=" + entityId + "&limit=1000");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().get("total").asLong()).as("one page holds the whole history").isLessThan(1000);
        List<JsonNode> rows = new ArrayList<>();
        r.body().get("entries").forEach(rows::add);
        return rows;
    }

    /** The last INSERT or UPDATE row of each field; rows come oldest first. */
    private static Map<String, JsonNode> latestChangePerField(List<JsonNode> rows) {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            String action = row.get("action").asString();
            if ((action.equals("INSERT") || action.equals("UPDATE")) && text(row, "field") != null) {
                latest.put(row.get("field").asString(), row);
            }
        }
        return latest;
    }

    private static void assertStoredBy(JsonNode row, String what, String storedValue) {
        assertThat(row).as("%s = %s has no audit row", what, storedValue).isNotNull();
        assertThat(row.get("action").asString()).as(what).isIn("INSERT", "UPDATE");
        assertThat(newValue(row)).as(what).isEqualTo(storedValue);
    }

    private static String newValue(JsonNode row) {
        return text(row, "newValue");
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static Map<String, String> textMap(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        return out;
    }
}
