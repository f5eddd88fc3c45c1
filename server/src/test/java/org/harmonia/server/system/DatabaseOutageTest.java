package org.harmonia.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.harmonia.server.ApiContract;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The database goes away under a running server. Its embedded PostgreSQL killed, the server starts it again by itself;
 * stopped for good, requests get a 503 problem within 2 s, not the framework's 500 body, health says DOWN at once, and
 * the log gets one line per outage. The first test leaves the database running, the second stops it: they run in order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseOutageTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    DatabaseConfiguration.EmbeddedDatabaseHolder embedded;

    @Autowired
    MeterRegistry meters;

    @Autowired
    javax.sql.DataSource dataSource;

    @Test
    @Order(1)
    void aKilledPostmasterIsRestartedOnTheSamePortAndTheServerCarriesOn(CapturedOutput output) throws Exception {
        String token = new TestUsers(userService).token("monitor", "mesems", Role.MONITOR, null);
        HttpRequest read = subjects(token);
        assertThat(send(read).statusCode()).isEqualTo(200);
        EmbeddedDatabase db = embedded.database();
        int portBefore = db.port();
        ProcessHandle postmaster = db.postmaster();
        assertThat(meter("harmonia.database.embedded.running")).isEqualTo(1.0);
        int logBefore = output.getAll().length();

        // the test database commits without waiting for the disk (synchronous_commit off), so the token just issued could
        // be lost with the killed server; serve commits durably, and here a checkpoint makes everything so far durable
        org.springframework.jdbc.core.simple.JdbcClient.create(dataSource).sql("checkpoint").update();
        postmaster.destroyForcibly(); // SIGKILL: no shutdown, no checkpoint
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline && (status = send(read).statusCode()) != 200) {
            assertThat(status).as("while the database restarts, requests are answered 503").isEqualTo(503);
            Thread.sleep(50);
        }
        assertThat(status).as("requests are served again after the restart").isEqualTo(200);
        awaitLine(output, logBefore, "database available again after");

        assertThat(db.postmaster().pid()).isNotEqualTo(postmaster.pid());
        assertThat(EmbeddedDatabase.runningServer(db.dataDir()).orElseThrow().port()).as("same port: the JDBC URL stays valid")
                .isEqualTo(portBefore);
        assertThat(health().statusCode()).isEqualTo(200);
        assertThat(meter("harmonia.database.embedded.restarts")).isEqualTo(1.0);
        assertThat(meter("harmonia.database.embedded.running")).isEqualTo(1.0);
        assertThat(meter("harmonia.database.available")).isEqualTo(1.0);
        String log = output.getAll().substring(logBefore);
        assertThat(log).doesNotContain("\tat ");
        // whoever notices first names the cause: the supervisor (the postmaster stopped) or a request (its connection cut)
        assertThat(lines(log, "database unavailable since")).hasSize(1).first().asString()
                .containsAnyOf("the embedded PostgreSQL (pid " + postmaster.pid() + ") stopped", "postmaster exit",
                        "terminating connection", "Connection refused", "I/O error");
        assertThat(lines(log, "database available again after")).hasSize(1).first().asString()
                .contains("restarted on port " + portBefore);
        assertThat(Files.readString(db.dataDir().resolve("log").resolve("restarts.log"))).contains("automatic recovery in progress");
    }

    @Test
    @Order(2)
    void whileTheDatabaseIsDownRequestsGetA503ProblemWithinTwoSecondsHealthIsDownAndTheLogOneLine(CapturedOutput output)
            throws Exception {
        String token = new TestUsers(userService).token("monitor", "mesems", Role.MONITOR, null);
        HttpRequest read = subjects(token);
        assertThat(send(read).statusCode()).isEqualTo(200);

        int logBefore = output.getAll().length();
        embedded.database().close(); // stopped on purpose: the supervisor leaves it stopped
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = send(read);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(r.body()).contains("https://harmonia.org/problems/database-unavailable");
            // 1.5 s of waiting for a connection, then the answer; the bound leaves room for a busy build machine
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3000));
        }
        long start = System.nanoTime();
        HttpResponse<String> health = health();
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("DOWN");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("health answers from the outage state, without a connection attempt")
                .isLessThan(Duration.ofMillis(1000));
        assertThat(meter("harmonia.database.available")).isEqualTo(0.0);
        assertThat(meter("harmonia.database.embedded.running")).isEqualTo(0.0);
        Thread.sleep(1200); // the background probe runs meanwhile and fails: still one line
        String log = output.getAll().substring(logBefore);
        assertThat(log).doesNotContain("\tat ");
        assertThat(lines(log, "database unavailable")).hasSize(1);
        assertThat(lines(log, "Failed to validate connection")).isEmpty();
        assertThat(lines(log, "available again")).isEmpty();
    }

    private HttpRequest subjects(String token) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/studies/mesems/sites/07/subjects"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return ApiContract.check(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private HttpResponse<String> health() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private double meter(String name) {
        var meter = meters.find(name).meter();
        assertThat(meter).as(name).isNotNull();
        return meter.measure().iterator().next().getValue();
    }

    private static List<String> lines(String log, String containing) {
        return log.lines().filter(l -> l.contains(containing)).toList();
    }

    private static void awaitLine(CapturedOutput output, int from, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!output.getAll().substring(from).contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
