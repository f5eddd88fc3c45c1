package org.harmonia.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.harmonia.server.ApiClient;
import org.harmonia.server.ApiContract;
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
import tools.jackson.databind.json.JsonMapper;

/** A client retries a creating request whose answer it lost: with the same Idempotency-Key nothing is created twice. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class IdempotencyKeyTest {
    static final String STUDY = "/api/studies/mesems";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    JdbcClient jdbc;

    String token;
    String subject;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void enrolledSubject() {
        token = new TestUsers(userService).token("coordinator", "mesems", Role.SITE_COORDINATOR, "07");
        ApiClient coordinator = new ApiClient(port, token);
        JsonNode s = coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-06-01",
                "plannedRandomisationDate", "2026-06-20", "data", Patients.eligibleRrms())).body();
        subject = s.get("id").asString();
        assertThat(coordinator.post(STUDY + "/subjects/" + subject + "/enrolment",
                Map.of("consentDate", "2026-06-02", "dayZero", "2026-06-08", "version", s.get("version").asInt())).status()).isEqualTo(200);
    }

    static String event(String term) {
        return JSON.writeValueAsString(Map.of("values", BadInputTest.seriousEvent(term)));
    }

    HttpResponse<String> post(String path, String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return ApiContract.check(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    long adverseEvents() {
        return jdbc.sql("select count(*) from form_record where subject_id = ? and form_id = 'adverse_event'").param(subject)
                .query(Long.class).single();
    }

    long auditRows() {
        return jdbc.sql("select count(*) from audit_log where entity_type = 'form_record'").query(Long.class).single();
    }

    @Test
    void aRetryWithTheSameKeyReturnsTheFirstAnswerAndCreatesNothing() throws Exception {
        String key = UUID.randomUUID().toString();
        String path = STUDY + "/subjects/" + subject + "/adverse-events";
        HttpResponse<String> first = post(path, event("pneumonia"), key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        long audited = auditRows();
        HttpResponse<String> retry = post(path, event("pneumonia"), key);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(adverseEvents()).isEqualTo(1);
        assertThat(auditRows()).isEqualTo(audited);
        assertThat(jdbc.sql("select count(*) from expedited_report where subject_id = ?").param(subject).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aRetryThatWouldNowBeRefusedStillGetsTheFirstAnswer() throws Exception {
        ApiClient coordinator = new ApiClient(port, token);
        JsonNode s = coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-06-01",
                "plannedRandomisationDate", "2026-06-20", "data", Patients.eligibleRrms())).body();
        String enrolment = JSON.writeValueAsString(Map.of("consentDate", "2026-06-02", "dayZero", "2026-06-08",
                "version", s.get("version").asInt()));
        String path = STUDY + "/subjects/" + s.get("id").asString() + "/enrolment";
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post(path, enrolment, key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        // the same enrolment again, without the key, is refused: the subject is enrolled and its version moved on
        assertThat(post(path, enrolment, null).statusCode()).isEqualTo(409);
        HttpResponse<String> retry = post(path, enrolment, key);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
    }

    @Test
    void withoutAKeyARetryCreatesASecondRecord() throws Exception {
        String path = STUDY + "/subjects/" + subject + "/adverse-events";
        assertThat(post(path, event("headache"), null).statusCode()).isEqualTo(201);
        assertThat(post(path, event("headache"), null).statusCode()).isEqualTo(201);
        assertThat(adverseEvents()).isEqualTo(2);
    }

    @Test
    void aKeyReusedForAnotherRequestIsRefused() throws Exception {
        String key = UUID.randomUUID().toString();
        String path = STUDY + "/subjects/" + subject + "/adverse-events";
        assertThat(post(path, event("nausea"), key).statusCode()).isEqualTo(201);
        HttpResponse<String> other = post(path, event("vomiting"), key);
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.body()).contains("\"field\":\"Idempotency-Key\"");
        assertThat(adverseEvents()).isEqualTo(1);
    }

    @Test
    void aRefusedRequestKeepsNothingSoTheCorrectedOneMayUseItsKey() throws Exception {
        String key = UUID.randomUUID().toString();
        String path = STUDY + "/subjects/" + subject + "/adverse-events";
        String invalid = JSON.writeValueAsString(Map.of("values", Map.of("verbatim_term", "fall")));
        assertThat(post(path, invalid, key).statusCode()).isEqualTo(422);
        HttpResponse<String> corrected = post(path, event("fall"), key);
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(201);
        assertThat(corrected.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(adverseEvents()).isEqualTo(1);
    }

    @Test
    void concurrentRetriesWithOneKeyCreateOneRecord() throws Exception {
        String key = UUID.randomUUID().toString();
        String path = STUDY + "/subjects/" + subject + "/adverse-events";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpResponse<String>>> tries = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tries.add(() -> post(path, event("syncope"), key));
            }
            List<String> bodies = new ArrayList<>();
            for (Future<HttpResponse<String>> f : pool.invokeAll(tries)) {
                assertThat(f.get().statusCode()).as(f.get().body()).isEqualTo(201);
                bodies.add(f.get().body());
            }
            assertThat(bodies).containsOnly(bodies.get(0));
        } finally {
            pool.shutdown();
        }
        assertThat(adverseEvents()).isEqualTo(1);
    }

    @Test
    void theApiDescriptionOffersTheKeyOnCreatingRequestsWithoutSecrets() throws Exception {
        JsonNode api = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        java.util.function.Function<JsonNode, List<String>> headers = op -> op.path("parameters").valueStream()
                .filter(p -> p.path("in").asString().equals("header")).map(p -> p.path("name").asString()).toList();
        assertThat(headers.apply(api.path("paths").path("/api/studies/{studyId}/subjects/{subjectId}/adverse-events").path("post")))
                .contains("Idempotency-Key");
        assertThat(headers.apply(api.path("paths").path("/api/studies/{studyId}/screenings").path("post"))).contains("Idempotency-Key");
        assertThat(headers.apply(api.path("paths").path("/api/auth/token").path("post"))).doesNotContain("Idempotency-Key");
        assertThat(headers.apply(api.path("paths").path("/api/studies/{studyId}/subjects/{subjectId}").path("get")))
                .doesNotContain("Idempotency-Key");
    }

    @Test
    void aMalformedKeyIsRefusedNamingTheHeader() throws Exception {
        HttpResponse<String> r = post(STUDY + "/subjects/" + subject + "/adverse-events", event("rash"), "x".repeat(300));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"field\":\"Idempotency-Key\"");
        assertThat(adverseEvents()).isZero();
    }
}
