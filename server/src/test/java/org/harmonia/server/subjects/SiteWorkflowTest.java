package org.harmonia.server.subjects;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * A Stockholm coordinator's day over real HTTP: screen (and see why a patient fails), enrol, see the schedule,
 * record the forms of a visit and a serious AE, correct a value with a reason; the data manager's queries;
 * an auditor reading the history. Today is fixed at 2026-06-15.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class SiteWorkflowTest {
    static final String STUDY = "/api/studies/mesems";

    @LocalServerPort
    int port;

    ApiClient coordinator;
    ApiClient dataManager;

    @Autowired
    UserService userService;

    ApiClient auditor;
    TestUsers users;

    @BeforeEach
    void clients() {
        users = new TestUsers(userService);
        coordinator = new ApiClient(port, users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07"));
        dataManager = coordinator.as(users.token("datamanager", "mesems", Role.CENTRAL_DATA_MANAGER, null));
        auditor = coordinator.as(users.token("monitor", "mesems", Role.MONITOR, null));
    }

    public static Map<String, Object> eligibleRrms() {
        return Patients.eligibleRrms();
    }

    Response screen(Map<String, Object> data) {
        return coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-06-01",
                "plannedRandomisationDate", "2026-06-20", "data", data));
    }

    /** Screens and enrols an eligible patient with day 0 on 2026-06-08; returns the subject id. */
    String enrolled() {
        JsonNode s = screen(eligibleRrms()).body();
        String id = s.get("id").asString();
        Response r = coordinator.post(STUDY + "/subjects/" + id + "/enrolment",
                Map.of("consentDate", "2026-06-02", "dayZero", "2026-06-08", "version", s.get("version").asInt()));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return id;
    }

    @Test
    void screensAnEligibleStockholmPatient() {
        Response r = screen(eligibleRrms());
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.body().get("id").asString()).matches("MES-07-\\d{3}");
        assertThat(r.body().get("status").asString()).isEqualTo("ELIGIBLE");
        assertThat(r.body().get("subTrialId").asString()).isEqualTo("stockholm");
        JsonNode eligibility = r.body().get("eligibility");
        assertThat(eligibility.get("outcome").asString()).isEqualTo("ELIGIBLE");
        assertThat(eligibility.get("criteria")).hasSize(20);
        Response again = coordinator.get(STUDY + "/subjects/" + r.body().get("id").asString() + "/eligibility");
        assertThat(again.body().get("outcome").asString()).isEqualTo("ELIGIBLE");
    }

    @Test
    void showsExactlyWhyAPatientFails() {
        Map<String, Object> d = eligibleRrms();
        d.put("edss", 7.0);
        d.put("last_corticosteroid", "2026-06-01");
        Response r = screen(d);
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().get("status").asString()).isEqualTo("SCREEN_FAILED");
        assertThat(r.body().get("failedCriteria")).extracting(JsonNode::asString).containsExactlyInAnyOrder("IN-4", "EX-7");
        JsonNode criteria = r.body().get("eligibility").get("criteria");
        String in4 = null;
        for (JsonNode c : criteria) {
            if (c.get("id").asString().equals("IN-4")) {
                in4 = c.get("reason").asString();
            }
        }
        assertThat(in4).isEqualTo("EDSS 7.0 is above the maximum 6.5");
    }

    @Test
    void incompleteScreeningStaysInScreeningUntilCompleted() {
        Map<String, Object> d = eligibleRrms();
        d.remove("egfr");
        Response r = screen(d);
        assertThat(r.body().get("status").asString()).isEqualTo("SCREENING");
        assertThat(r.body().get("eligibility").get("missing")).extracting(JsonNode::asString).contains("egfr");
        String id = r.body().get("id").asString();
        Response noReason = coordinator.put(STUDY + "/subjects/" + id + "/screening",
                Map.of("plannedRandomisationDate", "2026-06-20", "data", eligibleRrms(), "version", 1));
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.body().get("errors").get(0).get("field").asString()).isEqualTo("reason");
        Response done = coordinator.put(STUDY + "/subjects/" + id + "/screening",
                Map.of("plannedRandomisationDate", "2026-06-20", "data", eligibleRrms(), "version", 1, "reason", "eGFR result arrived"));
        assertThat(done.status()).as(done.text()).isEqualTo(200);
        assertThat(done.body().get("status").asString()).isEqualTo("ELIGIBLE");
        assertThat(done.body().get("version").asInt()).isEqualTo(2);
    }

    @Test
    void refusesBadScreeningDataListingEveryFieldAndStoresNothing() {
        int before = coordinator.get(STUDY + "/sites/07/subjects").body().size();
        Map<String, Object> d = eligibleRrms();
        d.put("edss", 7.25);
        d.put("date_of_birth", "1986-02-30");
        d.put("phenotype", "CIS");
        d.put("shoe_size", 42);
        Response r = coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "data", d));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("errors")).extracting(e -> e.get("field").asString())
                .containsExactlyInAnyOrder("data.edss", "data.date_of_birth", "data.phenotype", "data.shoe_size");
        Response badSite = coordinator.post(STUDY + "/screenings", Map.of("siteId", "99", "data", eligibleRrms()));
        assertThat(badSite.status()).isEqualTo(404);
        assertThat(badSite.body().get("detail").asString()).isEqualTo("no site \"99\" in study mesems");
        assertThat(coordinator.get(STUDY + "/sites/07/subjects").body().size()).isEqualTo(before);
        assertThat(r.text()).doesNotContain("Exception");
    }

    @Test
    void enrolsAnEligibleSubjectAndLaysOutTheSchedule() {
        String id = enrolled();
        JsonNode subject = coordinator.get(STUDY + "/subjects/" + id).body();
        assertThat(subject.get("status").asString()).isEqualTo("ENROLLED");
        assertThat(subject.get("dayZero").asString()).isEqualTo("2026-06-08");
        JsonNode schedule = coordinator.get(STUDY + "/subjects/" + id + "/schedule").body();
        assertThat(schedule).hasSize(15);
        JsonNode w0 = schedule.get(2);
        assertThat(w0.get("visitId").asString()).isEqualTo("W0");
        assertThat(w0.get("targetDate").asString()).isEqualTo("2026-06-08");
        assertThat(w0.get("status").asString()).isEqualTo("OVERDUE");
        JsonNode w4 = schedule.get(3);
        assertThat(w4.get("targetDate").asString()).isEqualTo("2026-07-06");
        assertThat(w4.get("earliest").asString()).isEqualTo("2026-06-29");
        assertThat(w4.get("status").asString()).isEqualTo("UPCOMING");
        assertThat(w0.get("forms")).extracting(f -> f.get("formId").asString())
                .contains("edss", "mri", "treatment_administration", "adverse_event");
    }

    @Test
    void refusesToEnrolAScreenFailureAndStatesWhy() {
        Map<String, Object> d = eligibleRrms();
        d.put("edss", 7.0);
        JsonNode s = screen(d).body();
        Response r = coordinator.post(STUDY + "/subjects/" + s.get("id").asString() + "/enrolment",
                Map.of("consentDate", "2026-06-02", "dayZero", "2026-06-08", "version", 1));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body().get("detail").asString()).isEqualTo("subject " + s.get("id").asString()
                + " is screen failed; only an eligible subject can be enrolled");
    }

    @Test
    void recordsEveryFormOfTheBaselineVisitAndASeriousAdverseEvent() {
        String id = enrolled();
        String visit = STUDY + "/subjects/" + id + "/visits/W0";
        assertThat(coordinator.put(visit, Map.of("status", "done", "visitDate", "2026-06-08")).status()).isEqualTo(200);
        Map<String, Map<String, Object>> forms = Map.of(
                "edss", Map.of("assessment_date", "2026-06-08", "edss", 4.0, "fs_pyramidal", 2),
                "mri", Map.of("scan_date", "2026-06-08", "field_strength", "3 T", "gel_count", 2, "new_enlarging_t2_count", 1),
                "relapse", Map.of("relapse_since_last_visit", false),
                "vital_signs", Map.of("systolic_bp", 124, "diastolic_bp", 78, "heart_rate", 66, "temperature", 36.7),
                "laboratory", Map.of("sample_date", "2026-06-08", "haemoglobin", 13.4, "wbc", 6.1, "egfr", 92,
                        "pregnancy_test", "negative"),
                "treatment_administration", Map.of("administration_date", "2026-06-08", "kit_number", "K-100234",
                        "dose_cells_per_kg", 1.5e6, "route", "intravenous", "volume_ml", 100, "infusion_reaction", false));
        forms.forEach((form, values) -> {
            Response r = coordinator.put(visit + "/forms/" + form, Map.of("values", values));
            assertThat(r.status()).as(form + ": " + r.text()).isEqualTo(200);
            assertThat(r.body().get("record").get("version").asInt()).isEqualTo(1);
        });
        JsonNode dose = coordinator.put(visit + "/forms/treatment_administration", Map.of("values", forms.get("treatment_administration"),
                "version", 1, "reason", "same values")).body();
        assertThat(dose.get("record").get("values").get("dose_cells_per_kg").asString()).isEqualTo("1500000");
        Response conmed = coordinator.post(STUDY + "/subjects/" + id + "/forms/concomitant_medication?visit=W0",
                Map.of("values", Map.of("medication", "vitamin D", "start_date", "2025-01-01", "ongoing", true)));
        assertThat(conmed.status()).as(conmed.text()).isEqualTo(201);

        Map<String, Object> sae = new HashMap<>(Map.of("verbatim_term", "pneumonia", "soc", "Infections and infestations",
                "onset_date", "2026-06-12", "severity", "severe", "ctcae_grade", 3, "serious", true,
                "sc_hospitalisation", true, "relatedness", "unlikely", "action_taken", "not applicable", "outcome", "recovering"));
        Response ae = coordinator.post(STUDY + "/subjects/" + id + "/adverse-events", Map.of("values", sae));
        assertThat(ae.status()).as(ae.text()).isEqualTo(201);
        JsonNode report = ae.body().get("expeditedReport");
        assertThat(report.get("dueAt").asString()).isEqualTo("2026-06-16T10:00:00Z");
        assertThat(report.get("overdue").asBoolean()).isFalse();
        JsonNode open = dataManager.get(STUDY + "/expedited-reports?open=true").body();
        assertThat(open).extracting(x -> x.get("subjectId").asString()).contains(id);

        JsonNode schedule = coordinator.get(STUDY + "/subjects/" + id + "/schedule").body();
        assertThat(schedule.get(2).get("status").asString()).isEqualTo("DONE");
        assertThat(schedule.get(2).get("forms")).allSatisfy(f -> {
            if (!f.get("formId").asString().equals("adverse_event") && !f.get("formId").asString().equals("concomitant_medication")) {
                assertThat(f.get("recordId").isNull()).as(f.toString()).isFalse();
            }
        });
    }

    @Test
    void refusesASeriousEventWithoutCriteriaAndStoresNothing() {
        String id = enrolled();
        Map<String, Object> sae = new HashMap<>(Map.of("verbatim_term", "fall", "soc", "Injury, poisoning and procedural complications",
                "onset_date", "2026-06-12", "end_date", "2026-06-10", "severity", "severe", "ctcae_grade", 3, "serious", true,
                "relatedness", "not related", "action_taken", "none", "outcome", "recovered"));
        Response r = coordinator.post(STUDY + "/subjects/" + id + "/adverse-events", Map.of("values", sae));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("errors")).extracting(e -> e.get("field").asString() + ": " + e.get("message").asString())
                .containsExactlyInAnyOrder("values.end_date: the end date must not be before the onset date",
                        "values.serious: a serious adverse event needs at least one seriousness criterion");
        assertThat(coordinator.get(STUDY + "/subjects/" + id + "/forms").body()).isEmpty();
    }

    @Test
    void correctsAValueOnlyWithAReasonAndKeepsItsHistory() {
        String id = enrolled();
        String edss = STUDY + "/subjects/" + id + "/visits/W0/forms/edss";
        long recordId = coordinator.put(edss, Map.of("values", Map.of("assessment_date", "2026-06-08", "edss", 3.5)))
                .body().get("record").get("id").asLong();
        Response noReason = coordinator.put(edss, Map.of("values", Map.of("assessment_date", "2026-06-08", "edss", 4.0), "version", 1));
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.body().get("errors").get(0).get("message").asString()).isEqualTo("a reason is required to change a saved value");
        Response corrected = coordinator.put(edss, Map.of("values", Map.of("assessment_date", "2026-06-08", "edss", 4.0),
                "version", 1, "reason", "transcription error"));
        assertThat(corrected.status()).isEqualTo(200);
        assertThat(corrected.body().get("record").get("version").asInt()).isEqualTo(2);

        JsonNode history = auditor.get("/api/audit?studyId=mesems&entityType=form_record&entityId=" + recordId).body();
        JsonNode rows = history.has("entries") ? history.get("entries") : history;
        assertThat(rows).anySatisfy(row -> {
            assertThat(row.get("action").asString()).isEqualTo("UPDATE");
            assertThat(row.get("field").asString()).isEqualTo("edss");
            assertThat(row.get("oldValue").asString()).isEqualTo("3.5");
            assertThat(row.get("newValue").asString()).isEqualTo("4.0");
            assertThat(row.get("reason").asString()).isEqualTo("transcription error");
            assertThat(row.get("actor").asString()).isEqualTo(users.username("coordinator"));
        });
        assertThat(rows).anySatisfy(row -> assertThat(row.get("action").asString()).isEqualTo("INSERT"));
        JsonNode verify = auditor.get("/api/audit/verify").body();
        assertThat(verify.get("intact").asBoolean()).isTrue();
    }

    @Test
    void theLoserOfTwoConcurrentCorrectionsGets409WithTheCurrentVersion() {
        String id = enrolled();
        String vitals = STUDY + "/subjects/" + id + "/visits/W0/forms/vital_signs";
        coordinator.put(vitals, Map.of("values", Map.of("systolic_bp", 120, "diastolic_bp", 80, "heart_rate", 70)));
        Response first = coordinator.put(vitals, Map.of("values", Map.of("systolic_bp", 122, "diastolic_bp", 80, "heart_rate", 70),
                "version", 1, "reason", "re-measured"));
        Response second = coordinator.put(vitals, Map.of("values", Map.of("systolic_bp", 125, "diastolic_bp", 80, "heart_rate", 70),
                "version", 1, "reason", "re-measured"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body().get("currentVersion").asInt()).isEqualTo(2);
        JsonNode stored = coordinator.get(STUDY + "/subjects/" + id + "/forms").body().get(0);
        assertThat(stored.get("values").get("systolic_bp").asString()).isEqualTo("122");
    }

    @Test
    void refusesAFormNotScheduledAtTheVisit() {
        String id = enrolled();
        Response r = coordinator.put(STUDY + "/subjects/" + id + "/visits/W8/forms/mri",
                Map.of("values", Map.of("scan_date", "2026-08-03", "field_strength", "3 T", "gel_count", 0)));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("errors").get(0).get("message").asString()).startsWith("form mri is not scheduled at visit W8");
    }

    @Test
    void acceptsAVisitOutsideItsWindowWithAWarning() {
        String id = enrolled();
        Response r = coordinator.put(STUDY + "/subjects/" + id + "/visits/W0", Map.of("status", "done", "visitDate", "2026-06-10"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("visit").get("outOfWindow").asBoolean()).isTrue();
        assertThat(r.body().get("warnings").get(0).get("message").asString())
                .isEqualTo("visit W0 on 2026-06-10 is outside its window 2026-06-08 to 2026-06-08");
    }

    @Test
    void flagsOutOfRangeValuesAsWarningsAndStoresThem() {
        String id = enrolled();
        Response r = coordinator.put(STUDY + "/subjects/" + id + "/visits/W0/forms/vital_signs",
                Map.of("values", Map.of("systolic_bp", 165, "diastolic_bp", 80, "heart_rate", 70)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("warnings").get(0).get("field").asString()).isEqualTo("systolic_bp");
        assertThat(r.body().get("record").get("warnings")).hasSize(1);
    }

    @Test
    void dataQueriesAreRaisedAnsweredAndClosed() {
        String id = enrolled();
        long recordId = coordinator.put(STUDY + "/subjects/" + id + "/visits/W0/forms/mri",
                        Map.of("values", Map.of("scan_date", "2026-06-08", "field_strength", "3 T", "gel_count", 40)))
                .body().get("record").get("id").asLong();
        Response raised = dataManager.post(STUDY + "/queries", Map.of("formRecordId", recordId, "field", "gel_count",
                "question", "40 GELs is unusual; please confirm with the central reading"));
        assertThat(raised.status()).as(raised.text()).isEqualTo(201);
        long queryId = raised.body().get("id").asLong();
        assertThat(coordinator.get(STUDY + "/sites/07/queries").body()).extracting(q -> q.get("id").asLong()).contains(queryId);
        Response badField = dataManager.post(STUDY + "/queries", Map.of("formRecordId", recordId, "field", "gels", "question", "?"));
        assertThat(badField.status()).isEqualTo(422);
        Response answered = coordinator.post(STUDY + "/queries/" + queryId + "/answer", Map.of("answer", "confirmed: 4, corrected", "version", 1));
        assertThat(answered.body().get("status").asString()).isEqualTo("ANSWERED");
        Response closed = dataManager.post(STUDY + "/queries/" + queryId + "/close", Map.of("note", "resolved", "version", 2));
        assertThat(closed.body().get("status").asString()).isEqualTo("CLOSED");
        assertThat(coordinator.get(STUDY + "/sites/07/queries").body()).extracting(q -> q.get("id").asLong()).doesNotContain(queryId);
        Response again = coordinator.post(STUDY + "/queries/" + queryId + "/answer", Map.of("answer", "x", "version", 3));
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void aVoidedRecordStaysVisibleButNoLongerCounts() {
        String id = enrolled();
        long recordId = coordinator.post(STUDY + "/subjects/" + id + "/forms/concomitant_medication",
                        Map.of("values", Map.of("medication", "ibuprofen", "start_date", "2026-06-01")))
                .body().get("record").get("id").asLong();
        Response noReason = coordinator.post(STUDY + "/form-records/" + recordId + "/void", Map.of("version", 1));
        assertThat(noReason.status()).isEqualTo(422);
        Response voided = coordinator.post(STUDY + "/form-records/" + recordId + "/void", Map.of("version", 1, "reason", "entered for the wrong subject"));
        assertThat(voided.status()).isEqualTo(200);
        assertThat(voided.body().get("voided").asBoolean()).isTrue();
        assertThat(coordinator.get(STUDY + "/subjects/" + id + "/forms").body()).isEmpty();
        assertThat(coordinator.get(STUDY + "/subjects/" + id + "/forms?includeVoided=true").body()).hasSize(1);
        assertThat(coordinator.get(STUDY + "/form-records/" + recordId).body().get("voidReason").asString())
                .isEqualTo("entered for the wrong subject");
    }

    @Test
    void withdrawalNeedsAReasonAndEndsDataCapture() {
        String id = enrolled();
        Response noReason = coordinator.post(STUDY + "/subjects/" + id + "/withdrawal", Map.of("date", "2026-06-10", "version", 2));
        assertThat(noReason.status()).isEqualTo(422);
        Response withdrawn = coordinator.post(STUDY + "/subjects/" + id + "/withdrawal",
                Map.of("date", "2026-06-10", "reason", "moved abroad", "version", 2));
        assertThat(withdrawn.body().get("status").asString()).isEqualTo("WITHDRAWN");
        Response late = coordinator.put(STUDY + "/subjects/" + id + "/visits/W0/forms/edss",
                Map.of("values", Map.of("assessment_date", "2026-06-08", "edss", 3.5)));
        assertThat(late.status()).isEqualTo(409);
    }

    @Test
    void unknownSubjectsAndStudiesAre404() {
        assertThat(coordinator.get(STUDY + "/subjects/MES-07-999").status()).isEqualTo(404);
        assertThat(coordinator.get("/api/studies/nope/subjects/MES-07-001").status()).isEqualTo(404);
        assertThat(coordinator.get(STUDY + "/sites/99/subjects").status()).isEqualTo(404);
        assertThat(List.of(coordinator.get(STUDY + "/form-records/999999").status())).containsExactly(404);
    }

    @Test
    void voidingASeriousEventCancelsItsExpeditedReport() {
        String id = enrolled();
        Map<String, Object> sae = new HashMap<>(Map.of("verbatim_term", "sepsis", "soc", "Infections and infestations",
                "onset_date", "2026-06-12", "severity", "severe", "ctcae_grade", 3, "serious", true, "sc_hospitalisation", true,
                "relatedness", "unlikely", "action_taken", "not applicable", "outcome", "recovering"));
        JsonNode reported = coordinator.post(STUDY + "/subjects/" + id + "/adverse-events", Map.of("values", sae)).body();
        long record = reported.get("saved").get("record").get("id").asLong();
        long report = reported.get("expeditedReport").get("id").asLong();
        coordinator.post(STUDY + "/form-records/" + record + "/void", Map.of("version", 1, "reason", "entered for the wrong patient"));
        assertThat(dataManager.get(STUDY + "/expedited-reports?open=true").body()).extracting(r -> r.get("id").asLong())
                .doesNotContain(report);
        JsonNode all = dataManager.get(STUDY + "/expedited-reports").body();
        assertThat(all).anySatisfy(r -> {
            assertThat(r.get("id").asLong()).isEqualTo(report);
            assertThat(r.get("cancelReason").asString()).isEqualTo("adverse event voided: entered for the wrong patient");
        });
    }

    @Test
    void aCorrectionThatChangesNothingKeepsTheVersionAndNeedsNoReason() {
        String id = enrolled();
        String edss = STUDY + "/subjects/" + id + "/visits/W0/forms/edss";
        Map<String, Object> values = Map.of("assessment_date", "2026-06-08", "edss", 3.5);
        coordinator.put(edss, Map.of("values", values));
        Response same = coordinator.put(edss, Map.of("values", values, "version", 1));
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.body().get("record").get("version").asInt()).isEqualTo(1);
    }

    @Test
    void queriesOfAnUnknownSiteAre404() {
        assertThat(dataManager.get(STUDY + "/sites/99/queries").status()).isEqualTo(404);
    }

    @Test
    void anUnreadableBodyIs400NamingTheField() {
        Response bad = coordinator.post(STUDY + "/screenings", "{\"siteId\": \"07\", \"screeningDate\": \"12/08/2026\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("detail").asString()).startsWith("screeningDate: ");
        Response notJson = coordinator.post(STUDY + "/screenings", "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().get("detail").asString()).isEqualTo("the request body is not valid JSON (line 1, column 2)");
    }

    @Test
    void theStoredProtocolKeepsTheFormCheckRules() {
        String protocol = coordinator.get(STUDY).text();
        assertThat(protocol).contains("diastolic_bp < systolic_bp");
    }
}
