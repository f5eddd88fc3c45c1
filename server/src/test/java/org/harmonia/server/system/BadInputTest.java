package org.harmonia.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.ApiClient.Response;
import org.harmonia.server.ApiContract;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A careless or hostile client: every bad input is refused with a 4xx problem naming the field, and nothing is
 * stored. The cases are the ones a fuzzer and a hundred hand-made requests found answered with 500, or silently
 * accepted, before the input rules existed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class BadInputTest {
    static final String STUDY = "/api/studies/mesems";

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    JdbcClient jdbc;

    ApiClient coordinator;
    ApiClient dataManager;
    ApiClient admin;
    String adminToken;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void clients() {
        TestUsers users = new TestUsers(userService);
        coordinator = new ApiClient(port, users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07"));
        dataManager = coordinator.as(users.token("datamanager", "mesems", Role.CENTRAL_DATA_MANAGER, null));
        String name = "root." + java.util.UUID.randomUUID().toString().substring(0, 8);
        userService.createUser(name, "Root", "correct horse battery", true, org.harmonia.server.security.Caller.SYSTEM);
        adminToken = userService.issueTokenFor(name, "test");
        admin = coordinator.as(adminToken);
    }

    String enrolled() {
        JsonNode s = coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-06-01",
                "plannedRandomisationDate", "2026-06-20", "data", Patients.eligibleRrms())).body();
        String id = s.get("id").asString();
        Response r = coordinator.post(STUDY + "/subjects/" + id + "/enrolment",
                Map.of("consentDate", "2026-06-02", "dayZero", "2026-06-08", "version", s.get("version").asInt()));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return id;
    }

    static Map<String, Object> seriousEvent(String term) {
        return new HashMap<>(Map.of("verbatim_term", term, "soc", "Infections and infestations",
                "onset_date", "2026-06-12", "severity", "severe", "ctcae_grade", 3, "serious", true,
                "sc_hospitalisation", true, "relatedness", "unlikely", "action_taken", "not applicable", "outcome", "recovering"));
    }

    long formRecords() {
        return jdbc.sql("select count(*) from form_record").query(Long.class).single();
    }

    static void assertProblem(Response r, int status, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.body()).as(r.text()).isNotNull();
        assertThat(r.body().get("type").asString()).startsWith("https://harmonia.org/problems/");
        assertThat(r.body().get("errors")).as(r.text()).isNotNull();
        assertThat(r.body().get("errors").get(0).get("field").asString()).isEqualTo(field);
    }

    @Test
    void aNulInAnAdverseEventTermIsRefusedNamingTheFieldAndStoresNothing() {
        String id = enrolled();
        long before = formRecords();
        Response r = coordinator.post(STUDY + "/subjects/" + id + "/adverse-events", Map.of("values", seriousEvent("pneu\u0000monia")));
        assertProblem(r, 400, "values.verbatim_term");
        assertThat(r.body().get("detail").asString()).contains("NUL");
        assertThat(formRecords()).isEqualTo(before);
    }

    @Test
    void escapeBellAndBackspaceAreRefusedInTermsAndDisplayNames() {
        String id = enrolled();
        for (String control : new String[] {"\u001b[31m", "\u0007", "\b"}) {
            Response r = coordinator.post(STUDY + "/subjects/" + id + "/adverse-events", Map.of("values", seriousEvent("fall" + control)));
            assertProblem(r, 400, "values.verbatim_term");
            Response u = admin.post("/api/admin/users", Map.of("username", "eve" + (int) control.charAt(0), "displayName", "Eve" + control,
                    "password", "correct horse battery", "administrator", false));
            assertProblem(u, 400, "displayName");
        }
    }

    @Test
    void anOversizedReasonIsRefusedAndNeverReachesTheAuditTrail() {
        String id = enrolled();
        Response saved = coordinator.put(STUDY + "/subjects/" + id + "/visits/W0/forms/mri",
                Map.of("values", Map.of("scan_date", "2026-06-08", "field_strength", "3 T", "gel_count", 4)));
        long recordId = saved.body().get("record").get("id").asLong();
        long audited = jdbc.sql("select count(*) from audit_log where action <> 'TOKEN_USE'").query(Long.class).single();
        String essay = "because ".repeat(1000);
        Response correction = coordinator.put(STUDY + "/form-records/" + recordId,
                Map.of("values", Map.of("gel_count", 5), "version", 1, "reason", essay));
        assertProblem(correction, 422, "reason");
        Response voided = coordinator.post(STUDY + "/form-records/" + recordId + "/void", Map.of("version", 1, "reason", essay));
        assertProblem(voided, 422, "reason");
        Response withdrawal = coordinator.post(STUDY + "/subjects/" + id + "/withdrawal",
                Map.of("date", "2026-06-10", "reason", essay, "version", 2));
        assertProblem(withdrawal, 422, "reason");
        assertThat(jdbc.sql("select count(*) from audit_log where action <> 'TOKEN_USE'").query(Long.class).single()).isEqualTo(audited);
    }

    @Test
    void aNulInTheSignInUsernameIsABadRequestNotAServerError() throws Exception {
        HttpResponse<String> r = ApiContract.check(http.send(HttpRequest.newBuilder(uri("/api/auth/token")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"mon\\u0000itor\",\"password\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(r.statusCode()).isEqualTo(400);
        assertUtf8Problem(r);
        assertThat(r.body()).contains("\"field\":\"username\"");
    }

    @Test
    void aNulInAQueryQuestionOrAnswerIsRefused() {
        String id = enrolled();
        Response saved = coordinator.put(STUDY + "/subjects/" + id + "/visits/W0/forms/mri",
                Map.of("values", Map.of("scan_date", "2026-06-08", "field_strength", "3 T", "gel_count", 4)));
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
        long recordId = saved.body().get("record").get("id").asLong();
        Response q = dataManager.post(STUDY + "/queries", Map.of("formRecordId", recordId, "field", "gel_count", "question", "four?\u0000"));
        assertProblem(q, 400, "question");
        Response tooLong = dataManager.post(STUDY + "/queries", Map.of("formRecordId", recordId, "field", "gel_count",
                "question", "why?".repeat(1001)));
        assertProblem(tooLong, 422, "question");
        Response ok = dataManager.post(STUDY + "/queries", Map.of("formRecordId", recordId, "field", "gel_count", "question", "four?"));
        assertThat(ok.status()).as(ok.text()).isEqualTo(201);
        Response a = coordinator.post(STUDY + "/queries/" + ok.body().get("id").asLong() + "/answer",
                Map.of("answer", "yes\u0000", "version", 1));
        assertProblem(a, 400, "answer");
    }

    @Test
    void aNumberBeyondAnyTrialValueIsRefusedNamingTheField() {
        String id = enrolled();
        long before = formRecords();
        Response mri = coordinator.put(STUDY + "/subjects/" + id + "/visits/W4/forms/mri",
                "{\"values\":{\"scan_date\":\"2026-06-08\",\"field_strength\":\"3 T\",\"gel_count\":1e309}}");
        assertThat(mri.status()).as(mri.text()).isIn(400, 422);
        assertThat(mri.body().get("errors").get(0).get("field").asString()).isEqualTo("values.gel_count");
        Map<String, Object> data = Patients.eligibleRrms();
        String body = "{\"siteId\":\"07\",\"screeningDate\":\"2026-06-01\",\"data\":{\"egfr\":1e309}}";
        Response screening = coordinator.post(STUDY + "/screenings", body);
        assertThat(screening.status()).as(screening.text()).isIn(400, 422);
        assertThat(screening.body().get("errors").get(0).get("field").asString()).isEqualTo("data.egfr");
        assertThat(formRecords()).isEqualTo(before);
        assertThat(data).isNotEmpty();
    }

    @Test
    void aVersionOrRecordIdOutOfRangeNamesItsField() {
        String id = enrolled();
        Response version = coordinator.post(STUDY + "/subjects/" + id + "/withdrawal",
                "{\"date\":\"2026-06-10\",\"reason\":\"moved\",\"version\":9223372036854775808}");
        assertProblem(version, 400, "version");
        Response huge = coordinator.post(STUDY + "/subjects/" + id + "/withdrawal", "{\"date\":\"2026-06-10\",\"reason\":\"moved\",\"version\":1e309}");
        assertProblem(huge, 400, "version");
        Response record = coordinator.get(STUDY + "/form-records/9223372036854775808");
        assertProblem(record, 400, "recordId");
    }

    @Test
    void aKeyGivenTwiceIsRefusedInsteadOfTheLastOneWinning() {
        String id = enrolled();
        Response mri = coordinator.put(STUDY + "/subjects/" + id + "/visits/W4/forms/mri",
                "{\"values\":{\"scan_date\":\"2026-06-08\",\"field_strength\":\"3 T\",\"gel_count\":2,\"gel_count\":500}}");
        assertProblem(mri, 400, "values.gel_count");
        String name = "twice" + System.nanoTime() % 100000;
        Response user = admin.post("/api/admin/users", "{\"username\":\"" + name + "\",\"displayName\":\"T\",\"password\":\"correct horse battery\","
                + "\"administrator\":false,\"administrator\":true}");
        assertProblem(user, 400, "administrator");
        assertThat(jdbc.sql("select count(*) from app_user where username = ?").param(name).query(Long.class).single()).isZero();
    }

    @Test
    void anUnknownFieldIsRefusedNamingIt() {
        String body = "{\"siteId\":\"07\",\"screeningDate\":\"2026-06-01\",\"plannedRandomizationDate\":\"2026-06-20\",\"data\":{}}";
        Response r = coordinator.post(STUDY + "/screenings", body);
        assertProblem(r, 400, "plannedRandomizationDate");
        assertThat(r.body().get("detail").asString()).contains("plannedRandomisationDate");
    }

    @Test
    void anImpossibleDateIsRefusedNotGuessed() {
        Response r = coordinator.post(STUDY + "/screenings", "{\"siteId\":\"07\",\"screeningDate\":\"2026-02-30\",\"data\":{}}");
        assertProblem(r, 400, "screeningDate");
    }

    @Test
    void anOversizedBodyIsRefusedWith413AndAnOversizedTextNamesItsField() {
        String id = enrolled();
        long before = formRecords();
        String tenMegabytes = "x".repeat(10 * 1024 * 1024);
        Response big = coordinator.post(STUDY + "/subjects/" + id + "/adverse-events", Map.of("values", seriousEvent(tenMegabytes)));
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.body().get("type").asString()).endsWith("/too-large");
        Response longTerm = coordinator.post(STUDY + "/subjects/" + id + "/adverse-events", Map.of("values", seriousEvent("y".repeat(30_000))));
        assertProblem(longTerm, 400, "values.verbatim_term");
        assertThat(formRecords()).isEqualTo(before);
    }

    @Test
    void aMalformedQueryStringIsAProblemAndLogsNoStackTrace(CapturedOutput output) throws Exception {
        HttpResponse<String> r = ApiContract.check(http.send(HttpRequest.newBuilder(uri("/api/audit?=&studyId=mesems"))
                .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(r.statusCode()).isEqualTo(400);
        assertUtf8Problem(r);
        Response nul = dataManager.get("/api/audit?studyId=mesems&actor=a%00b");
        assertProblem(nul, 400, "actor");
        assertThat(output.getAll()).doesNotContain("\tat org.").doesNotContain("ERROR");
    }

    @Test
    void aNulInAPathIsAProblemNotTheContainersHtmlPage() throws Exception {
        HttpResponse<String> r = ApiContract.check(http.send(HttpRequest.newBuilder(uri(STUDY + "/subjects/MES%00-07")).header("Authorization",
                "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(r.statusCode()).isBetween(400, 404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).doesNotContain("<html").doesNotContain("Tomcat");
    }

    @Test
    void unauthorisedAnswersAreUtf8ProblemJson() throws Exception {
        HttpResponse<String> r = ApiContract.check(http.send(HttpRequest.newBuilder(uri(STUDY)).header("Authorization", "Bearer hmn_unknown").build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(r.statusCode()).isEqualTo(401);
        assertUtf8Problem(r);
        HttpResponse<String> none = ApiContract.check(http.send(HttpRequest.newBuilder(uri(STUDY)).build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(none.statusCode()).isEqualTo(401);
        assertUtf8Problem(none);
    }

    @Test
    void aBodyOfTheWrongMediaTypeIsAProblem() throws Exception {
        HttpResponse<String> r = ApiContract.check(http.send(HttpRequest.newBuilder(uri(STUDY + "/screenings")).header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("siteId=07")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    /** JSON is UTF-8 (RFC 8259): a problem either says so or names no charset, never ISO-8859-1. */
    static void assertUtf8Problem(HttpResponse<String> r) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        assertThat(type).startsWith("application/problem+json");
        assertThat(type.replace(" ", "")).isIn("application/problem+json", "application/problem+json;charset=UTF-8");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
