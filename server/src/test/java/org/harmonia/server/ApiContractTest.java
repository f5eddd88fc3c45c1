package org.harmonia.server;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The check every API test runs on every response: what it lets through and what it catches, and how it says so. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
class ApiContractTest {
    static final String PROBLEM = "application/problem+json";
    static final String NOT_FOUND = """
            {"type":"https://harmonia.org/problems/not-found","title":"Not Found","status":404,
             "detail":"no subject \\"S-1\\" in study mesems","instance":"/api/studies/mesems/subjects/S-1"}""";

    @LocalServerPort
    int port;

    ApiContract contract;

    @BeforeEach
    void contract() {
        contract = ApiContract.of(uri("/"));
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    void verify(String method, String path, int status, String contentType, String body) {
        contract.verify(method, uri(path), status, contentType, body);
    }

    @Test
    void letsDocumentedAnswersThrough() {
        assertThatCode(() -> verify("GET", "/api/studies", 200, "application/json",
                "[{\"id\":\"mesems\",\"version\":\"1.0\",\"subTrials\":9}]")).doesNotThrowAnyException();
        assertThatCode(() -> verify("GET", "/api/studies/mesems/subjects/S-1", 404, PROBLEM, NOT_FOUND)).doesNotThrowAnyException();
        assertThatCode(() -> verify("GET", "/api/studies/mesems/reports/blinded", 200, "text/html;charset=UTF-8", "<html></html>"))
                .doesNotThrowAnyException();
        assertThatCode(() -> verify("GET", "/actuator/health", 200, "text/plain", "UP")).as("outside the API")
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAStatusTheOperationDoesNotDocument() {
        assertThatThrownBy(() -> verify("GET", "/api/studies/mesems/subjects/S-1", 500, PROBLEM, NOT_FOUND.replace("404", "500")))
                .hasMessageContaining("GET /api/studies/{studyId}/subjects/{subjectId} answered 500")
                .hasMessageContaining("status 500 is not documented (documented: 200, 400, 401, 403, 404, 422, 503)");
        assertThatThrownBy(() -> verify("GET", "/api/me", 403, PROBLEM, NOT_FOUND.replace("404", "403")))
                .as("every signed-in user may ask who they are").hasMessageContaining("status 403 is not documented");
    }

    @Test
    void refusesAnErrorThatIsNotAProblem() {
        assertThatThrownBy(() -> verify("GET", "/api/studies/mesems/subjects/S-1", 404, "application/json",
                "{\"timestamp\":\"2026-11-23T10:00:00Z\",\"status\":404,\"error\":\"Not Found\",\"path\":\"/api/x\"}"))
                .hasMessageContaining("content type application/json is not documented (documented: application/problem+json)");
        assertThatThrownBy(() -> verify("GET", "/api/studies/mesems/subjects/S-1", 404, PROBLEM,
                "{\"timestamp\":\"2026-11-23T10:00:00Z\",\"status\":404,\"error\":\"Not Found\",\"path\":\"/api/x\"}"))
                .hasMessageContaining("does not match the documented schema")
                .hasMessageContaining("timestamp").hasMessageContaining("detail");
        assertThatThrownBy(() -> verify("GET", "/api/studies/mesems/subjects/S-1", 404, PROBLEM, ""))
                .hasMessageContaining("the body is empty");
        assertThatThrownBy(() -> verify("GET", "/api/studies/mesems/subjects/S-1", 404, PROBLEM + ";charset=ISO-8859-1", NOT_FOUND))
                .hasMessageContaining("JSON is UTF-8");
    }

    @Test
    void refusesABodyThatDoesNotMatchTheSchema() {
        assertThatThrownBy(() -> verify("GET", "/api/studies", 200, "application/json", "[{\"id\":\"mesems\",\"subTrials\":\"nine\"}]"))
                .hasMessageContaining("GET /api/studies answered 200").hasMessageContaining("subTrials");
        assertThatThrownBy(() -> verify("GET", "/api/studies", 200, "application/json", "[{\"id\":\"mesems\",\"arm\":\"MSC\"}]"))
                .as("a field the description does not list").hasMessageContaining("arm");
        assertThatThrownBy(() -> verify("GET", "/api/studies", 200, "application/json", "not json"))
                .hasMessageContaining("the body is not JSON");
    }

    @Test
    void unknownPathsAndMethodsMustStillAnswerAProblem() {
        assertThatCode(() -> verify("DELETE", "/api/studies", 405, PROBLEM, NOT_FOUND.replace("404", "405")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> verify("GET", "/api/nope", 404, "text/html", "<html>Whitelabel Error Page</html>"))
                .hasMessageContaining("GET /api/nope (no operation has this path)").hasMessageContaining("application/problem+json");
        assertThatThrownBy(() -> verify("GET", "/api/nope", 200, "application/json", "{}"))
                .hasMessageContaining("answered success");
    }
}
