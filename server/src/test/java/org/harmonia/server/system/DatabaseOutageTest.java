package org.harmonia.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.harmonia.server.ApiContract;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/** The database goes away under a running server: requests get a 503 problem, not the framework's 500 body, and the log one line. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"harmonia.protocols=../protocols", "harmonia.db.connection-timeout=1s"})
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageTest {
    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    DatabaseConfiguration.EmbeddedDatabaseHolder embedded;

    @Test
    void whileTheDatabaseIsDownRequestsGetA503ProblemAndTheLogOneLine(CapturedOutput output) throws Exception {
        String token = new TestUsers(userService).token("monitor", "mesems", Role.MONITOR, null);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest read = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/studies/mesems/sites/07/subjects"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build();
        assertThat(ApiContract.check(http.send(read, HttpResponse.BodyHandlers.ofString())).statusCode()).isEqualTo(200);

        embedded.database().close();
        int logBefore = output.getAll().length();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = ApiContract.check(http.send(read, HttpResponse.BodyHandlers.ofString()));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(r.body()).contains("https://harmonia.org/problems/database-unavailable");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        String log = output.getAll().substring(logBefore);
        assertThat(log).doesNotContain("\tat ");
        assertThat(log.lines().filter(l -> l.contains("database unavailable"))).hasSizeLessThanOrEqualTo(1);
    }
}
