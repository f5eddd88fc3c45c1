package org.harmonia.server.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.harmonia.server.ApiClient;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The Prometheus endpoint: request rates and latencies by URI template, the connection pool, the audit chain's length
 * and any gauge registered in the application, and nothing of the study's data; answered to this machine only
 * (no harmonia.metrics.allowed-from here) and never through a proxy, while health stays open to all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
class MetricsEndpointTest {
    static final String STUDY = "/api/studies/mesems";

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    MeterRegistry registry;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theScrapeHasRequestsByTemplatePoolAuditChainAndRegisteredGaugesButNoStudyData() {
        TestUsers users = new TestUsers(userService);
        String token = users.token("metrics.coordinator", "mesems", Role.SITE_COORDINATOR, "07");
        ApiClient coordinator = new ApiClient(port, token);
        JsonNode screened = coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-06-01",
                "plannedRandomisationDate", "2026-06-20", "data", Patients.eligibleRrms())).body();
        String subjectId = screened.get("id").asString();
        assertThat(coordinator.get(STUDY + "/subjects/" + subjectId).status()).isEqualTo(200);
        assertThat(coordinator.get(STUDY + "/subjects/" + subjectId + "-not-there").status()).isEqualTo(404);
        assertThat(coordinator.get("/studies/mesems/subjects/" + subjectId).status()).isEqualTo(200);
        Gauge.builder("harmonia.scrape.probe", () -> 42).description("a gauge registered as other parts of Harmonia do").register(registry);
        long chainAfterWrites = jdbc.sql("select count(*) from audit_log").query(Long.class).single();

        HttpResponse<String> scrape = Scrapes.scrape("localhost", port, Map.of());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String text = scrape.body();
        assertThat(text).contains("http_server_requests_seconds_count{")
                .contains("uri=\"/api/studies/{studyId}/subjects/{subjectId}\"")
                .contains("uri=\"/studies/{studyId}/subjects/{subjectId}\"")
                .contains("http_server_requests_seconds_bucket{")
                .contains("hikaricp_connections_pending{pool=\"harmonia\"}")
                .contains("hikaricp_connections_active{pool=\"harmonia\"}")
                .contains("harmonia_scrape_probe 42.0");
        assertThat(text).as("no subject, user, token or study in any label or value")
                .doesNotContain(subjectId).doesNotContain(users.username("metrics.coordinator")).doesNotContain(token)
                .doesNotContain("mesems").doesNotContain("metrics.coordinator");

        // the rows are sealed within moments and the chain's length read in the background every 10 s: the writes show within that
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> gauge(Scrapes.scrape("localhost", port, Map.of()).body(), "harmonia_audit_chain_length")
                        .filter(v -> v >= chainAfterWrites).isPresent());
    }

    @Test
    void aScrapeFromANetworkNotAllowedOrThroughAProxyIsRefusedEvenWithAToken() {
        String token = new TestUsers(userService).token("metrics.monitor", "mesems", Role.MONITOR, null);
        HttpResponse<String> proxied = Scrapes.scrape("localhost", port, Map.of("X-Forwarded-For", "203.0.113.7"));
        assertThat(proxied.statusCode()).isEqualTo(403);
        assertThat(proxied.body()).contains("metrics-refused").doesNotContain("hikaricp");
        assertThat(Scrapes.scrape("localhost", port, Map.of("Forwarded", "for=203.0.113.7", "Authorization", "Bearer " + token))
                .statusCode()).isEqualTo(403);

        Optional<String> address = Scrapes.ownNetworkAddress();
        Assumptions.assumeTrue(address.isPresent(), "this machine has no network address besides loopback");
        HttpResponse<String> fromNetwork = Scrapes.scrape(address.get(), port, Map.of("Authorization", "Bearer " + token));
        assertThat(fromNetwork.statusCode()).as("a user's token does not open the metrics").isEqualTo(403);
        assertThat(fromNetwork.body()).contains("harmonia.metrics.allowed-from");
    }

    @Test
    void healthStaysOpenToEveryone() {
        Optional<String> address = Scrapes.ownNetworkAddress();
        Assumptions.assumeTrue(address.isPresent(), "this machine has no network address besides loopback");
        HttpResponse<String> health = Scrapes.get(address.get(), port, "/actuator/health", Map.of("X-Forwarded-For", "203.0.113.7"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
    }

    @Test
    void anAllowedNetworkThatIsNoNetworkIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> MetricsAccess.allowedSources(List.of("10.0.0.0/8", "intranet")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("harmonia.metrics.allowed-from: 'intranet' is not an address or network (CIDR such as 10.0.0.0/8 or fd00::/8)");
        assertThatThrownBy(() -> MetricsAccess.allowedSources(List.of("10.0.0.0/40")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("harmonia.metrics.allowed-from: '10.0.0.0/40'");
    }

    private static Optional<Double> gauge(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(scrape);
        return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }
}
