package org.harmonia.server.randomisation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.harmonia.server.ApiClient;
import org.harmonia.server.ApiClient.Response;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.HarmoniaApplication;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.harmonia.server.system.DatabaseConfiguration.EmbeddedDatabaseHolder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * 64 randomisations fired at once, half through a second server instance on the same database: every subject
 * gets one slot, no slot is taken twice or skipped, and each stratum stays within half the largest block.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"harmonia.protocols=../protocols",
        "harmonia.test.database=concurrent-randomisation"})
@Import(FixedClockConfiguration.class)
@DirtiesContext
class ConcurrentRandomisationTest {
    static final String STUDY = "/api/studies/mesems";
    static final String[] SITES = {"01", "02", "03", "04", "05", "06", "07", "08", "09"};

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    EmbeddedDatabaseHolder database;

    @Test
    void sixtyFourConcurrentRandomisationsOnTwoInstancesTakeEverySlotOnce() throws Exception {
        TestUsers users = new TestUsers(userService);
        String coordinator = users.siteToken("coordinator", "mesems", Role.SITE_COORDINATOR, SITES);
        String statistician = users.token("statistician", "mesems", Role.UNBLINDED_STATISTICIAN, null);
        ApiClient one = new ApiClient(port, coordinator);
        assertThat(one.as(statistician).post(STUDY + "/randomisation/list", Map.of("lengthPerStratum", 3)).status()).isEqualTo(201);

        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String site = SITES[i % SITES.length];
            JsonNode s = one.post(STUDY + "/screenings", Map.of("siteId", site, "screeningDate", "2026-06-01",
                    "plannedRandomisationDate", "2026-06-20", "data", Patients.eligibleRrms())).body();
            String id = s.get("id").asString();
            assertThat(one.post(STUDY + "/subjects/" + id + "/enrolment", Map.of("consentDate", "2026-06-02",
                    "dayZero", "2026-06-08", "version", 1)).status()).isEqualTo(200);
            subjects.add(id);
        }

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(HarmoniaApplication.class)
                .properties(Map.of("server.port", "0", "harmonia.db.url", database.database().jdbcUrl(),
                        "harmonia.protocols", "../protocols"))
                .run()) {
            int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            ApiClient two = new ApiClient(secondPort, coordinator);
            ExecutorService pool = Executors.newFixedThreadPool(32);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> results = new ArrayList<>();
            for (int i = 0; i < subjects.size(); i++) {
                ApiClient api = i % 2 == 0 ? one : two;
                String id = subjects.get(i);
                Callable<Response> call = () -> {
                    start.await();
                    return api.post(STUDY + "/subjects/" + id + "/randomisation", Map.of());
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            Set<String> kits = new HashSet<>();
            for (Future<Response> f : results) {
                Response r = f.get();
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                kits.add(r.body().get("kitNumber").asString());
            }
            pool.shutdown();
            assertThat(kits).hasSize(64);
        }

        JsonNode list = one.as(statistician).get(STUDY + "/randomisation/list").body();
        Map<String, List<JsonNode>> byStratum = new TreeMap<>();
        for (JsonNode slot : list) {
            byStratum.computeIfAbsent(slot.get("stratum").asString(), k -> new ArrayList<>()).add(slot);
        }
        Set<String> allocated = new HashSet<>();
        int maxImbalance = 0;
        for (List<JsonNode> slots : byStratum.values()) {
            int used = 0;
            boolean gapSeen = false;
            Map<String, Integer> counts = new HashMap<>();
            for (JsonNode slot : slots) {
                boolean taken = slot.hasNonNull("subjectId");
                if (taken) {
                    assertThat(gapSeen).as("a slot after an unused one was taken").isFalse();
                    assertThat(allocated.add(slot.get("subjectId").asString())).as("subject allocated twice").isTrue();
                    used++;
                    counts.merge(slot.get("sequenceId").asString(), 1, Integer::sum);
                    int a = counts.getOrDefault("MSC-PLACEBO", 0);
                    int b = counts.getOrDefault("PLACEBO-MSC", 0);
                    maxImbalance = Math.max(maxImbalance, Math.abs(a - b));
                } else {
                    gapSeen = true;
                }
            }
        }
        assertThat(allocated).containsExactlyInAnyOrderElementsOf(subjects);
        assertThat(maxImbalance).as("running imbalance within half the largest block (4)").isLessThanOrEqualTo(2);
        JsonNode allocations = one.as(statistician).get(STUDY + "/randomisation/allocations").body();
        assertThat(allocations).hasSize(64);
    }
}
