package org.harmonia.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.Map;
import org.harmonia.server.ApiContract;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The study API over real HTTP, against an embedded PostgreSQL loaded from the shipped protocols. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
class StudyApiTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    UserService users;

    private String token;

    @BeforeEach
    void monitor() {
        token = new TestUsers(users).token("monitor", "mesems", Role.MONITOR, null);
    }

    @Test
    void refusesAnonymousCallersWith401() throws Exception {
        HttpResponse<String> r = ApiContract.check(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/studies"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json.readTree(r.body()).get("status").asInt()).isEqualTo(401);
    }

    @Test
    void listsTheMesemsStudy() throws Exception {
        HttpResponse<String> r = get("/api/studies");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode list = json.readTree(r.body());
        assertThat(list).hasSize(1);
        JsonNode mesems = list.get(0);
        assertThat(mesems.get("id").asString()).isEqualTo("mesems");
        assertThat(mesems.get("version").asString()).isEqualTo("1.3");
        assertThat(mesems.get("design").asString()).isEqualTo("CROSSOVER");
        assertThat(mesems.get("subTrials").asInt()).isEqualTo(9);
    }

    @Test
    void listsTheMetaAnalysisStudyToItsMembers() throws Exception {
        String reviewer = new TestUsers(users).token("reviewer", "msc-it-safety", Role.MONITOR, null);
        HttpResponse<String> r = ApiContract.check(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/studies"))
                .header("Authorization", "Bearer " + reviewer).GET().build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode list = json.readTree(r.body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asString()).isEqualTo("msc-it-safety");
        assertThat(list.get(0).get("design").asString()).isEqualTo("PARALLEL");
    }

    @Test
    void showsTheProtocolWithVisitsSequencesAndSubTrials() throws Exception {
        HttpResponse<String> r = get("/api/studies/mesems");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode s = json.readTree(r.body());
        assertThat(s.get("id").asString()).isEqualTo("mesems");
        assertThat(s.get("title").asString()).contains("Multiple Sclerosis");
        assertThat(s.get("arms")).hasSize(2);
        assertThat(s.get("epochs")).hasSize(3);
        assertThat(s.get("sequences")).hasSize(2);
        assertThat(s.get("sequences").get(0).get("label").asString()).isEqualTo("MSC then placebo");
        JsonNode visits = s.get("visits");
        assertThat(visits.size()).isGreaterThanOrEqualTo(15);
        JsonNode w4 = visits.get(3);
        assertThat(w4.get("id").asString()).isEqualTo("W4");
        assertThat(w4.get("targetDay").asInt()).isEqualTo(28);
        assertThat(w4.get("window").get("early").asInt()).isEqualTo(7);
        assertThat(w4.get("window").get("late").asInt()).isEqualTo(7);
        JsonNode subTrials = s.get("subTrials");
        assertThat(subTrials).hasSize(9);
        JsonNode stockholm = null;
        for (JsonNode st : subTrials) {
            if (st.get("id").asString().equals("stockholm")) {
                stockholm = st;
            }
        }
        assertThat(stockholm).isNotNull();
        assertThat(stockholm.get("registrations").get(0).get("id").asString()).isEqualTo("NCT01730547");
        assertThat(stockholm.get("eligibility")).hasSize(20);
        assertThat(stockholm.get("eligibilityMode").asString()).isEqualTo("REPLACE");
    }

    @Test
    void onlyTheUnblindedStatisticianSeesTheBlockSizesAndTheConcealedAssumptions() throws Exception {
        TestUsers u = new TestUsers(users);
        Map<Role, String> tokens = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            tokens.put(role, u.token("view-" + role.name().toLowerCase().replace('_', '-'), "mesems", role,
                    role.siteScoped() ? "07" : null));
        }
        for (Map.Entry<Role, String> t : tokens.entrySet()) {
            token = t.getValue();
            HttpResponse<String> r = get("/api/studies/mesems");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode randomisation = json.readTree(r.body()).get("design").get("randomisation");
            JsonNode assumptions = json.readTree(r.body()).get("assumptions");
            if (t.getKey() == Role.UNBLINDED_STATISTICIAN) {
                assertThat(randomisation.get("blockSizes").toString()).isEqualTo("[2,4]");
                assertThat(assumptions).anySatisfy(a -> {
                    assertThat(a.get("text").asString()).contains("2 or 4");
                    assertThat(a.get("concealed").asBoolean()).isTrue();
                });
            } else {
                assertThat(randomisation.get("method").asString()).as(t.getKey().name()).isEqualTo("PERMUTED_BLOCKS");
                assertThat(randomisation.get("strata").toString()).as(t.getKey().name()).isEqualTo("[\"subTrial\"]");
                assertThat(randomisation.has("blockSizes")).as(t.getKey().name()).isFalse();
                assertThat(r.body()).as(t.getKey().name()).doesNotContain("blockSize").doesNotContain("2 or 4")
                        .doesNotContain("\"concealed\":true");
                assertThat(assumptions).as(t.getKey().name()).anySatisfy(a -> assertThat(a.get("text").asString()).contains("window"));
            }
        }
    }

    @Test
    void answersAnUnknownStudyWith404AndAJsonError() throws Exception {
        HttpResponse<String> r = get("/api/studies/no-such-study");
        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("detail").asString()).isEqualTo("no study \"no-such-study\"");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void reportsHealth() throws Exception {
        HttpResponse<String> r = get("/actuator/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json.readTree(r.body()).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void unknownPathsAndMethodsAreProblemDetailsToo() throws Exception {
        HttpResponse<String> path = get("/api/nope");
        assertThat(path.statusCode()).isEqualTo(404);
        assertThat(json.readTree(path.body()).get("type").asString()).isEqualTo("https://harmonia.org/problems/not-found");
        HttpResponse<String> method = ApiContract.check(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/studies"))
                .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(json.readTree(method.body()).get("type").asString()).isEqualTo("https://harmonia.org/problems/method-not-allowed");
    }

    @Test
    void servesAnOpenApiDescriptionOfTheApi() throws Exception {
        HttpResponse<String> r = get("/v3/api-docs");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode paths = json.readTree(r.body()).get("paths");
        assertThat(paths.has("/api/studies/{studyId}/screenings")).isTrue();
        assertThat(paths.has("/api/studies/{studyId}/subjects/{subjectId}/visits/{visitId}/forms/{formId}")).isTrue();
        assertThat(paths.has("/api/studies/{studyId}/queries")).isTrue();
        assertThat(paths.get("/api/auth/token").get("post").get("security")).as("the token request needs no token").isEmpty();
        JsonNode study = paths.get("/api/studies/{studyId}").get("get").get("responses").get("200").get("content");
        assertThat(study.toString()).as("the protocol is an object, not a string").doesNotContain("\"type\":\"string\"")
                .contains("\"type\":\"object\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return ApiContract.check(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }
}
