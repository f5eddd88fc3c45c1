package org.harmonia.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.harmonia.server.ApiContract;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The audit API over real HTTP: the history of an entity, filters and paging, errors, and the chain check. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
class AuditApiTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String subject = "S-" + UUID.randomUUID();

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditSealer sealer;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    UserService users;

    private String adminToken;

    @BeforeEach
    void administrator() {
        String name = "admin." + UUID.randomUUID().toString().substring(0, 8);
        users.createUser(name, "Audit administrator", "correct horse battery", true, Caller.SYSTEM);
        adminToken = users.issueTokenFor(name, "test");
    }

    @Test
    void blindedSiteStaffCannotReadTheTrailAndMonitorsReadOnlyTheirStudy() throws Exception {
        TestUsers roles = new TestUsers(users);
        String coordinator = roles.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07");
        String monitor = roles.token("monitor", "mesems", Role.MONITOR, null);
        assertThat(get("/api/audit?studyId=mesems", coordinator).statusCode()).isEqualTo(403);
        assertThat(get("/api/audit/verify", coordinator).statusCode()).isEqualTo(403);
        assertThat(get("/api/audit", monitor).statusCode()).isEqualTo(422);
        assertThat(get("/api/audit?studyId=mesems", monitor).statusCode()).isEqualTo(200);
        assertThat(get("/api/audit?studyId=mesems", null).statusCode()).isEqualTo(401);
    }

    @Test
    void listsTheHistoryOfAnEntityOldestFirst() throws Exception {
        tx.execute(s -> trail.recordChanges("coord.berg", "mesems", "stockholm", "subject", subject, null,
                java.util.Map.of("edss", "3.5"), null));
        tx.execute(s -> trail.recordChanges("dm.rossi", "mesems", "stockholm", "subject", subject,
                java.util.Map.of("edss", "3.5"), java.util.Map.of("edss", "4.0"), "source document re-read"));
        HttpResponse<String> r = get("/api/audit?entityType=subject&entityId=" + subject);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode page = json.readTree(r.body());
        assertThat(page.get("total").asLong()).isEqualTo(2);
        JsonNode rows = page.get("entries");
        assertThat(rows).hasSize(2);
        JsonNode insert = rows.get(0);
        JsonNode update = rows.get(1);
        assertThat(insert.get("action").asString()).isEqualTo("INSERT");
        assertThat(update.get("action").asString()).isEqualTo("UPDATE");
        assertThat(update.get("actor").asString()).isEqualTo("dm.rossi");
        assertThat(update.get("field").asString()).isEqualTo("edss");
        assertThat(update.get("oldValue").asString()).isEqualTo("3.5");
        assertThat(update.get("newValue").asString()).isEqualTo("4.0");
        assertThat(update.get("reason").asString()).isEqualTo("source document re-read");
        assertThat(update.get("recordedAt").asString()).endsWith("Z");
        assertThat(update.get("seq").asLong()).isGreaterThan(insert.get("seq").asLong());
        assertThat(update.has("hash")).as("a row is chained by its seal, not by a hash of its own").isFalse();

        JsonNode second = json.readTree(get("/api/audit?entityType=subject&entityId=" + subject + "&limit=1&offset=1").body());
        assertThat(second.get("entries")).hasSize(1);
        assertThat(second.get("entries").get(0).get("seq")).isEqualTo(update.get("seq"));
        assertThat(second.get("total").asLong()).isEqualTo(2);

        JsonNode byActor = json.readTree(get("/api/audit?studyId=mesems&actor=dm.rossi&entityType=subject&entityId="
                + subject + "&from=" + enc(insert.get("recordedAt").asString())).body());
        assertThat(byActor.get("entries")).hasSize(1);
    }

    @Test
    void answersBadFiltersWithAProblemNamingTheField() throws Exception {
        assertProblem(get("/api/audit?limit=5000"), "limit", "must be between 1 and 1000, not 5000");
        assertProblem(get("/api/audit?limit=many"), "limit", "\"many\" is not a whole number");
        assertProblem(get("/api/audit?from=yesterday"), "from", "\"yesterday\" is not a UTC time such as 2025-03-31T14:00:00Z");
        assertProblem(get("/api/audit?entityId=" + subject), "entityType",
                "an entity id is only unique within its type: give entityType too");
    }

    @Test
    void verifiesTheChain() throws Exception {
        tx.execute(s -> trail.record(AuditEvent.of("dm.rossi", AuditAction.of("LOGIN"), null, null, "user", "dm.rossi", null, null)));
        sealer.sealPending(true);
        HttpResponse<String> r = get("/api/audit/verify");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode v = json.readTree(r.body());
        assertThat(v.get("intact").asBoolean()).isTrue();
        assertThat(v.get("rowsChecked").asLong()).isPositive();
        assertThat(v.get("sealsChecked").asLong()).isPositive();
        assertThat(v.get("head").asString()).matches("seal-[0-9]+:[0-9a-f]{64}");
        assertThat(v.has("brokenAt")).isFalse();
    }

    private void assertProblem(HttpResponse<String> r, String field, String message) {
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode p = json.readTree(r.body());
        assertThat(p.get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(p.get("errors").get(0).get("message").asString()).isEqualTo(message);
        assertThat(r.body()).doesNotContain("Exception");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return get(path, adminToken);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return ApiContract.check(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }
}
