package org.harmonia.server.monitoring;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Source data verification over real HTTP (today is 2026-06-15): a monitor verifies records, fields and visits; the
 * site's later change to a verified value removes the verification in the same transaction and says so, audited; the
 * plan's work list, progress, findings and the monitoring visit report; and the input that is refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class SdvApiTest {
    static final String STUDY = "/api/studies/mesems";

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    JdbcClient jdbc;

    TestUsers users;
    ApiClient coordinator;
    ApiClient monitor;
    ApiClient genoa;
    ApiClient dataManager;

    @BeforeEach
    void setUp() {
        users = new TestUsers(userService);
        coordinator = new ApiClient(port, users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07"));
        monitor = coordinator.as(users.token("monitor", "mesems", Role.MONITOR, null));
        genoa = coordinator.as(users.token("genoa", "mesems", Role.SITE_COORDINATOR, "01"));
        dataManager = coordinator.as(users.token("datamanager", "mesems", Role.CENTRAL_DATA_MANAGER, null));
    }

    @Test
    void aChangeToAVerifiedValueRemovesTheVerificationAndTheTrailSaysWhy() {
        String subject = enrolled();
        long mri = saveMri(subject, "W4", 2);
        Response verified = monitor.post(STUDY + "/sdv/verifications", Map.of("formRecordId", mri));
        assertThat(verified.status()).as(verified.text()).isEqualTo(201);
        long id = verified.body().get(0).get("id").asLong();
        assertThat(verified.body().get(0).get("scope").asString()).isEqualTo("FORM");
        assertThat(verified.body().get(0).get("verifiedBy").asString()).isEqualTo(users.username("monitor"));

        // verifying again creates nothing
        assertThat(monitor.post(STUDY + "/sdv/verifications", Map.of("formRecordId", mri)).body().get(0).get("id").asLong()).isEqualTo(id);

        correct(mri, 1, Map.of("gel_count", 3), "transcription error");
        JsonNode after = coordinator.get(STUDY + "/sdv/form-records/" + mri).body();
        assertThat(after).hasSize(1);
        assertThat(after.get(0).get("removedReason").asString()).isEqualTo("VALUE_CHANGED");
        assertThat(after.get(0).get("removedBy").asString()).isEqualTo(users.username("coordinator"));
        assertThat(after.get(0).get("removedVersion").asInt()).isEqualTo(2);
        JsonNode trail = dataManager.get("/api/audit?studyId=mesems&entityType=sdv_verification&entityId=" + id).body().get("entries");
        assertThat(trail).hasSize(2 + 2); // the verification's four fields inserted, then its removal
        JsonNode removal = trail.get(trail.size() - 1);
        assertThat(removal.get("action").asString()).isEqualTo("UPDATE");
        assertThat(removal.get("newValue").asString()).isEqualTo("REMOVED");
        assertThat(removal.get("actor").asString()).isEqualTo(users.username("coordinator"));
        assertThat(removal.get("reason").asString()).contains("changed (version 2)");

        // the work list asks for it again
        JsonNode item = item(monitor.get(STUDY + "/sites/07/sdv/work-list").body(), mri);
        assertThat(item.get("status").asString()).isEqualTo("REVERIFY");
        assertThat(item.get("selection").asString()).isEqualTo("FULL");
    }

    @Test
    void aFieldVerificationOnlyFallsWithItsOwnField() {
        String subject = enrolled();
        long mri = saveMri(subject, "W4", 2);
        Response r = monitor.post(STUDY + "/sdv/verifications", Map.of("formRecordId", mri, "fields", List.of("gel_count")));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        correct(mri, 1, Map.of("field_strength", "1.5 T"), "scanner was the 1.5 T");
        assertThat(coordinator.get(STUDY + "/sdv/form-records/" + mri).body().get(0).has("removedAt")).isFalse();
        assertThat(item(monitor.get(STUDY + "/sites/07/sdv/work-list").body(), mri).get("status").asString()).isEqualTo("PARTLY");
        correct(mri, 2, Map.of("gel_count", 5), "recounted");
        assertThat(coordinator.get(STUDY + "/sdv/form-records/" + mri).body().get(0).get("removedReason").asString())
                .isEqualTo("VALUE_CHANGED");
        assertThat(item(monitor.get(STUDY + "/sites/07/sdv/work-list").body(), mri).get("removedFields").get(0).asString())
                .isEqualTo("gel_count");
    }

    @Test
    void aWholeVisitIsVerifiedRecordByRecordAndVoidingRemovesItsVerification() {
        String subject = enrolled();
        long mri = saveMri(subject, "W4", 2);
        long edss = coordinator.put(STUDY + "/subjects/" + subject + "/visits/W4/forms/edss", Map.of("values",
                Map.of("assessment_date", "2026-06-12", "edss", 3.5))).body().get("record").get("id").asLong();
        Response r = monitor.post(STUDY + "/sdv/verifications", Map.of("subjectId", subject, "visitId", "W4"));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.body()).extracting(v -> v.get("formRecordId").asLong()).containsExactlyInAnyOrder(mri, edss);
        assertThat(r.body()).allSatisfy(v -> assertThat(v.get("scope").asString()).isEqualTo("VISIT"));

        assertThat(coordinator.post(STUDY + "/form-records/" + edss + "/void", Map.of("version", 1, "reason", "entered for the wrong subject"))
                .status()).isEqualTo(200);
        assertThat(coordinator.get(STUDY + "/sdv/form-records/" + edss).body().get(0).get("removedReason").asString())
                .isEqualTo("RECORD_VOIDED");
        assertThat(coordinator.get(STUDY + "/sdv/form-records/" + mri).body().get(0).has("removedAt")).isFalse();
        JsonNode w4 = monitor.get(STUDY + "/sdv/progress").body();
        assertThat(w4.valueStream().filter(p -> p.get("siteId").asString().equals("07") && "W4".equals(p.get("visitId").asString()))
                .findFirst()).isPresent();
    }

    @Test
    void theWorkListHoldsThePlansRecordsAndTheSampleIsStable() {
        String subject = enrolled();
        long primary = saveMri(subject, "W4", 1);
        long secondary = saveMri(subject, "W0", 1);
        JsonNode all = monitor.get(STUDY + "/sites/07/sdv/work-list?all=true").body();
        assertThat(item(all, primary).get("selection").asString()).isEqualTo("FULL");
        String drawn = item(all, secondary).get("selection").asString();
        assertThat(drawn).isIn("SAMPLED", "NOT_SELECTED");
        saveMri(enrolled(), "W0", 4); // data arriving elsewhere changes nobody else's draw
        assertThat(item(monitor.get(STUDY + "/sites/07/sdv/work-list?all=true").body(), secondary).get("selection").asString())
                .isEqualTo(drawn);
        JsonNode selected = monitor.get(STUDY + "/sites/07/sdv/work-list").body();
        assertThat(selected.valueStream().map(i -> i.get("selection").asString())).doesNotContain("NOT_SELECTED");
    }

    @Test
    void findingsAndTheMonitoringVisitReportInHtmlAndPdf() {
        String subject = enrolled();
        long mri = saveMri(subject, "W4", 2);
        monitor.post(STUDY + "/sdv/verifications", Map.of("formRecordId", mri));
        Response f = monitor.post(STUDY + "/sdv/findings", Map.of("formRecordId", mri, "field", "gel_count",
                "finding", "The radiology report counts 3 <b>lesions</b>"));
        assertThat(f.status()).as(f.text()).isEqualTo(201);
        assertThat(monitor.get(STUDY + "/sites/07/sdv/findings?from=2026-01-01").body().valueStream()
                .anyMatch(x -> x.get("id").asLong() == f.body().get("id").asLong())).isTrue();
        Response html = monitor.get(STUDY + "/sites/07/sdv/report?format=html");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.text()).contains("Monitoring visit report", "Source data verified", "Findings", "Queries raised", subject,
                "The radiology report counts 3 &lt;b&gt;lesions&lt;/b&gt;");
        Response pdf = monitor.get(STUDY + "/sites/07/sdv/report?format=pdf");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.text()).startsWith("%PDF");
        assertThat(monitor.get(STUDY + "/sites/07/sdv/report?format=docx").status()).isEqualTo(422);
        assertThat(monitor.get(STUDY + "/sites/07/sdv/report?from=2026-06-15&to=2026-06-01").status()).isEqualTo(422);
        assertThat(monitor.get(STUDY + "/sites/07/sdv/report?from=2026-02-30").status()).isEqualTo(422);
        assertThat(genoa.get(STUDY + "/sites/07/sdv/report").status()).isEqualTo(404);
    }

    @Test
    void badRequestsAreRefusedNamingTheFieldAndChangeNothing() {
        String subject = enrolled();
        long mri = saveMri(subject, "W4", 2);
        long before = count();
        Response unknown = monitor.post(STUDY + "/sdv/verifications", Map.of("formRecordId", mri, "fields", List.of("gel_count", "colour")));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body().get("errors").get(0).get("field").asString()).isEqualTo("fields[1]");
        assertThat(monitor.post(STUDY + "/sdv/verifications", Map.of()).status()).isEqualTo(422);
        assertThat(monitor.post(STUDY + "/sdv/verifications", Map.of("formRecordId", mri, "visitId", "W4")).status()).isEqualTo(422);
        assertThat(monitor.post(STUDY + "/sdv/verifications", Map.of("formRecordId", mri, "fields", List.of())).status()).isEqualTo(422);
        assertThat(monitor.post(STUDY + "/sdv/verifications", Map.of("formRecordId", mri, "colour", "red")).status()).isEqualTo(400);
        assertThat(monitor.post(STUDY + "/sdv/verifications", Map.of("formRecordId", mri, "fields", List.of("gel\u0007count")))
                .status()).isIn(400, 422);
        assertThat(monitor.post(STUDY + "/sdv/verifications", Map.of("formRecordId", 999999999L)).status()).isEqualTo(404);
        assertThat(monitor.post(STUDY + "/sdv/verifications", Map.of("subjectId", subject, "visitId", "W99")).status()).isEqualTo(404);
        assertThat(monitor.post(STUDY + "/sdv/verifications", Map.of("subjectId", subject, "visitId", "W8")).status()).isEqualTo(409);
        assertThat(coordinator.post(STUDY + "/sdv/verifications", Map.of("formRecordId", mri)).status()).isEqualTo(403);
        assertThat(monitor.post(STUDY + "/sdv/findings", Map.of("formRecordId", mri, "finding", " ")).status()).isEqualTo(422);
        assertThat(monitor.post(STUDY + "/sdv/findings", Map.of("formRecordId", mri, "finding", "x".repeat(4001))).status()).isEqualTo(422);
        assertThat(monitor.get(STUDY + "/sites/07/sdv/work-list?all=perhaps").status()).isEqualTo(422);
        assertThat(monitor.get(STUDY + "/sites/99/sdv/work-list").status()).isEqualTo(404);
        assertThat(genoa.get(STUDY + "/sdv/form-records/" + mri).status()).isEqualTo(404);
        assertThat(count()).isEqualTo(before);
        coordinator.post(STUDY + "/form-records/" + mri + "/void", Map.of("version", 1, "reason", "duplicate"));
        assertThat(monitor.post(STUDY + "/sdv/verifications", Map.of("formRecordId", mri)).status()).isEqualTo(409);
    }

    private long count() {
        return jdbc.sql("select (select count(*) from sdv_verification) + (select count(*) from sdv_finding)").query(Long.class).single();
    }

    private static JsonNode item(JsonNode list, long recordId) {
        return list.valueStream().filter(i -> i.get("formRecordId").asLong() == recordId).findFirst().orElseThrow(
                () -> new AssertionError("record " + recordId + " not in " + list));
    }

    private void correct(long recordId, int version, Map<String, Object> values, String reason) {
        Response r = coordinator.put(STUDY + "/form-records/" + recordId, Map.of("values", values, "version", version, "reason", reason));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private long saveMri(String subject, String visit, int gels) {
        Map<String, Object> values = new HashMap<>(Map.of("scan_date", "2026-06-10", "field_strength", "3 T", "gel_count", gels));
        Response r = coordinator.put(STUDY + "/subjects/" + subject + "/visits/" + visit + "/forms/mri", Map.of("values", values));
        assertThat(r.status()).as(r.text()).isIn(200, 201);
        return r.body().get("record").get("id").asLong();
    }

    private String enrolled() {
        JsonNode screened = coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-04-01",
                "plannedRandomisationDate", "2026-04-20", "data", Patients.eligibleRrms())).body();
        String id = screened.get("id").asString();
        assertThat(coordinator.post(STUDY + "/subjects/" + id + "/enrolment", Map.of("consentDate", "2026-04-02",
                "dayZero", "2026-04-20", "version", screened.get("version").asInt())).status()).isEqualTo(200);
        return id;
    }
}
