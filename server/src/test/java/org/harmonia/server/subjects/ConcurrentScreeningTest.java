package org.harmonia.server.subjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.harmonia.server.ApiClient;
import org.harmonia.server.ApiClient.Response;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Two sites screening at the same moment over real HTTP: every patient gets a subject number, numbers are unique
 * and gap-free within each site, and the audit chain is not forked by the racing transactions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class ConcurrentScreeningTest {
    static final String STUDY = "/api/studies/mesems";
    static final int SCREENINGS = 32;
    static final List<String> SITES = List.of("07", "02");

    @LocalServerPort
    int port;

    @Autowired
    UserService users;

    @Test
    void thirtyTwoConcurrentScreeningsAtTwoSitesGetUniqueGapFreeNumbers() throws Exception {
        TestUsers testUsers = new TestUsers(users);
        ApiClient client = new ApiClient(port, testUsers.siteToken("coordinator", "mesems", Role.SITE_COORDINATOR, "07", "02"));
        ApiClient auditor = client.as(testUsers.token("monitor", "mesems", Role.MONITOR, null));
        // the application context (and database) is shared with other test classes: count what is already there
        Map<String, Integer> before = Map.of(SITES.get(0), subjectsAt(client, SITES.get(0)).size(),
                SITES.get(1), subjectsAt(client, SITES.get(1)).size());

        ExecutorService threads = Executors.newFixedThreadPool(SCREENINGS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < SCREENINGS; i++) {
            String site = SITES.get(i % 2);
            ApiClient coordinator = client;
            answers.add(threads.submit(() -> {
                start.await();
                return coordinator.post(STUDY + "/screenings", Map.of("siteId", site, "screeningDate", "2026-06-01",
                        "plannedRandomisationDate", "2026-06-20", "data", SiteWorkflowTest.eligibleRrms()));
            }));
        }
        start.countDown();
        List<Response> responses = new ArrayList<>();
        for (Future<Response> f : answers) {
            responses.add(f.get(60, TimeUnit.SECONDS));
        }
        threads.shutdown();

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.text()).isEqualTo(201));
        for (String site : SITES) {
            List<String> ids = responses.stream().map(r -> r.body())
                    .filter(b -> b.get("siteId").asString().equals(site))
                    .map(b -> b.get("id").asString()).toList();
            int first = before.get(site) + 1;
            List<String> expected = IntStream.range(first, first + SCREENINGS / 2)
                    .mapToObj(n -> String.format("MES-%s-%03d", site, n)).toList();
            assertThat(new TreeSet<>(ids)).as("site %s", site).hasSize(SCREENINGS / 2).containsExactlyElementsOf(expected);
            assertThat(subjectsAt(client, site)).extracting(s -> s.get("id").asString())
                    .as("site %s stores exactly the numbers handed out", site)
                    .containsAll(expected).hasSize(before.get(site) + SCREENINGS / 2);
        }

        JsonNode verify = auditor.get("/api/audit/verify").body();
        assertThat(verify.get("intact").asBoolean()).as(verify.toString()).isTrue();
        assertThat(verify.get("rowsChecked").asLong()).isPositive();
        assertThat(verify.get("head").asString()).matches("seal-[0-9]+:[0-9a-f]{64}");
    }

    private static List<JsonNode> subjectsAt(ApiClient client, String site) {
        Response r = client.get(STUDY + "/sites/" + site + "/subjects");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.body().forEach(out::add);
        return out;
    }
}
