package org.harmonia.server.randomisation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.ApiClient.Response;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.randomisation.AllocationSlot;
import org.harmonia.trial.randomisation.PermutedBlockList;
import org.harmonia.trial.randomisation.RandomisationSeed;
import org.harmonia.trial.randomisation.Stratum;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * A stratum whose list is used up: randomisation goes on with whole further blocks drawn from the list-extension
 * key, balanced, as the seed prescribes, audited without positions and told to the statistician only.
 * Its own database, with lists of three slots per stratum.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"harmonia.protocols=../protocols",
        "harmonia.test.database=list-extension"})
@Import(FixedClockConfiguration.class)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ListExtensionApiTest {
    static final String STUDY = "/api/studies/mesems";
    static final String SEED_HEX = "5e3d1c0b9a8f7e6d5c4b3a29180706f5e4d3c2b1a09f8e7d6c5b4a3928170615";
    static final int LENGTH = 3;

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    ProtocolCatalog catalog;

    @Autowired
    JdbcClient jdbc;

    static String statistician;
    static String coordinator;
    static String coordinatorGenoa;
    static String monitor;
    static String dataManager;
    static String pharmacist;

    ApiClient api;

    @BeforeEach
    void users() {
        api = new ApiClient(port, null);
        if (statistician == null) {
            TestUsers u = new TestUsers(userService);
            statistician = u.token("statistician", "mesems", Role.UNBLINDED_STATISTICIAN, null);
            coordinator = u.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07");
            coordinatorGenoa = u.token("coordinatorgenoa", "mesems", Role.SITE_COORDINATOR, "01");
            monitor = u.token("monitor", "mesems", Role.MONITOR, null);
            dataManager = u.token("datamanager", "mesems", Role.CENTRAL_DATA_MANAGER, null);
            pharmacist = u.token("pharmacist", "mesems", Role.UNBLINDED_PHARMACIST, null);
            Response r = api.as(statistician).post(STUDY + "/randomisation/list", Map.of("seedHex", SEED_HEX, "lengthPerStratum", LENGTH));
            assertThat(r.status()).as(r.text()).isEqualTo(201);
        }
    }

    String enrolled(String token, String site) {
        ApiClient c = api.as(token);
        JsonNode s = c.post(STUDY + "/screenings", Map.of("siteId", site, "screeningDate", "2026-06-01",
                "plannedRandomisationDate", "2026-06-20", "data", Patients.eligibleRrms())).body();
        String id = s.get("id").asString();
        assertThat(c.post(STUDY + "/subjects/" + id + "/enrolment", Map.of("consentDate", "2026-06-02", "dayZero", "2026-06-08",
                "version", s.get("version").asInt())).status()).isEqualTo(200);
        return id;
    }

    Response randomise(String token, String subjectId) {
        return api.as(token).post(STUDY + "/subjects/" + subjectId + "/randomisation", Map.of());
    }

    Response randomiseNew(String token, String site) {
        return randomise(token, enrolled(token, site));
    }

    List<JsonNode> exported(String stratum) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode slot : api.as(statistician).get(STUDY + "/randomisation/list").body()) {
            if (slot.get("stratum").asString().equals(stratum)) {
                out.add(slot);
            }
        }
        return out;
    }

    @Test
    @Order(1)
    void randomisingBeyondAStratumsListGoesOnBalancedAndAsTheSeedPrescribes() {
        for (int i = 0; i < 14; i++) {
            Response r = randomiseNew(coordinator, "07");
            assertThat(r.status()).as("subject %d: %s", i + 1, r.text()).isEqualTo(200);
        }
        List<JsonNode> slots = exported("subTrial=stockholm");
        assertThat(slots.size()).isGreaterThanOrEqualTo(14);
        assertThat(slots.subList(0, LENGTH)).allSatisfy(s -> assertThat(s.hasNonNull("extensionId")).isFalse());
        assertThat(slots.subList(LENGTH, slots.size())).allSatisfy(s -> assertThat(s.hasNonNull("extensionId")).isTrue());
        assertThat(slots.subList(0, 14)).allSatisfy(s -> assertThat(s.hasNonNull("subjectId")).isTrue());

        // balanced: the running difference stays within half the largest block and is zero at the end of every block
        int difference = 0;
        for (int i = 0; i < slots.size(); i++) {
            JsonNode s = slots.get(i);
            assertThat(s.get("position").asInt()).isEqualTo(i + 1);
            difference += s.get("sequenceId").asString().equals("MSC-PLACEBO") ? 1 : -1;
            assertThat(Math.abs(difference)).as("running imbalance at %d", i + 1).isLessThanOrEqualTo(2);
            boolean blockEnds = i + 1 == slots.size() || slots.get(i + 1).get("blockNumber").asInt() != s.get("blockNumber").asInt();
            if (blockEnds) {
                assertThat(difference).as("balance at the end of block %d", s.get("blockNumber").asInt()).isZero();
            }
        }

        // the same seed gives the same list: the statistician re-derives it from the seed alone
        Protocol protocol = catalog.require("mesems");
        PermutedBlockList design = PermutedBlockList.of(protocol.design().randomisation(), protocol.sequences());
        RandomisationSeed seed = RandomisationSeed.fromHex(SEED_HEX);
        Stratum stockholm = Stratum.parse("subTrial=stockholm");
        List<AllocationSlot> expected = new ArrayList<>(design.generate(seed, stockholm, LENGTH));
        while (expected.size() < slots.size()) {
            int last = expected.get(expected.size() - 1).blockNumber();
            expected.addAll(design.extend(PermutedBlockList.extensionKey(seed), stockholm,
                    expected.stream().filter(s -> s.blockNumber() == last).toList(), LENGTH));
        }
        assertThat(expected).hasSize(slots.size());
        for (int i = 0; i < slots.size(); i++) {
            assertThat(slots.get(i).get("sequenceId").asString()).as("slot %d", i + 1).isEqualTo(expected.get(i).sequenceId());
            assertThat(slots.get(i).get("blockNumber").asInt()).isEqualTo(expected.get(i).blockNumber());
            assertThat(slots.get(i).get("blockSize").asInt()).isEqualTo(expected.get(i).blockSize());
        }

        // every extension slot has its own kit, holding the slot's sequence
        JsonNode lastSlot = slots.get(slots.size() - 1);
        JsonNode kit = api.as(pharmacist).get(STUDY + "/kits/" + lastSlot.get("kitNumber").asString()).body();
        assertThat(kit.get("sequenceId").asString()).isEqualTo(lastSlot.get("sequenceId").asString());
        assertThat(slots.stream().map(s -> s.get("kitNumber").asString()).distinct().count()).isEqualTo(slots.size());
    }

    @Test
    @Order(2)
    void theExtensionIsAuditedWithoutPositionsAndToldToTheStatisticianOnly() {
        Response trail = api.as(monitor).get("/api/audit?studyId=mesems&limit=500");
        assertThat(trail.status()).isEqualTo(200);
        List<String> extended = new ArrayList<>();
        List<String> randomised = new ArrayList<>();
        for (JsonNode e : trail.body().get("entries")) {
            if (e.get("action").asString().equals("RANDOMISATION_LIST_EXTENDED")) {
                extended.add(e.get("newValue").asString());
            } else if (e.get("action").asString().equals("RANDOMISED")) {
                randomised.add(e.get("newValue").asString());
            }
        }
        assertThat(extended).isNotEmpty().allSatisfy(v -> assertThat(v)
                .startsWith("stratum subTrial=stockholm: list extended").doesNotContainPattern("\\d"));
        assertThat(randomised).hasSizeGreaterThanOrEqualTo(14)
                .allSatisfy(v -> assertThat(v).matches("stratum subTrial=stockholm, kit \\d{7}"));
        assertThat(trail.text()).doesNotContain("slot").doesNotContain("position").doesNotContainPattern("blocks? \\d");

        JsonNode notes = api.as(statistician).get(STUDY + "/notifications").body();
        assertThat(notes).hasSize(extended.size()).allSatisfy(n -> {
            assertThat(n.get("kind").asString()).isEqualTo("LIST_EXTENDED");
            assertThat(n.get("audience").asString()).isEqualTo("UNBLINDED_STATISTICIAN");
            assertThat(n.get("message").asString()).contains("subTrial=stockholm").contains("positions").contains("blocks");
        });
        for (String blinded : List.of(coordinator, dataManager, monitor)) {
            Response r = api.as(blinded).get(STUDY + "/notifications");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).doesNotContain("LIST_EXTENDED").doesNotContain("extended");
        }
        JsonNode extensions = api.as(statistician).get(STUDY + "/randomisation/list/extensions").body();
        assertThat(extensions).hasSize(extended.size()).allSatisfy(x -> assertThat(x.get("reason").asString()).isEqualTo("ALLOCATION"));
        assertThat(extensions.get(0).get("firstPosition").asInt()).isEqualTo(LENGTH + 1);
    }

    @Test
    @Order(3)
    void theStatisticianExtendsAStratumByHandInWholeBlocks() {
        assertThat(api.as(coordinator).post(STUDY + "/randomisation/list/extensions", Map.of("stratum", "subTrial=canada")).status())
                .isEqualTo(403);
        Response unknown = api.as(statistician).post(STUDY + "/randomisation/list/extensions", Map.of("stratum", "subTrial=atlantis"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.text()).contains("stratum").contains("is not a stratum of mesems");
        Response none = api.as(statistician).post(STUDY + "/randomisation/list/extensions", Map.of("stratum", "subTrial=canada", "slots", 0));
        assertThat(none.status()).isEqualTo(422);
        assertThat(none.text()).contains("slots");
        assertThat(exported("subTrial=canada")).hasSize(LENGTH);

        Response r = api.as(statistician).post(STUDY + "/randomisation/list/extensions", Map.of("stratum", "subTrial=canada", "slots", 5));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.body()).singleElement().satisfies(x -> {
            assertThat(x.get("firstPosition").asInt()).isEqualTo(LENGTH + 1);
            assertThat(x.get("slots").asInt()).isGreaterThanOrEqualTo(5);
            assertThat(x.get("reason").asString()).isEqualTo("STATISTICIAN");
        });
        List<JsonNode> canada = exported("subTrial=canada");
        assertThat(canada).hasSize(LENGTH + r.body().get(0).get("slots").asInt());
        long msc = canada.stream().filter(s -> s.get("sequenceId").asString().equals("MSC-PLACEBO")).count();
        assertThat(2 * msc).as("whole blocks: the extended list is balanced").isEqualTo(canada.size());
    }

    @Test
    @Order(4)
    void aListGeneratedBeforeExtensionKeysNeedsTheSeedOnceAndTellsSitesNoPosition() {
        jdbc.sql("update randomisation_setup set extension_key = null where study_id = 'mesems'").update();
        for (int i = 0; i < LENGTH; i++) {
            assertThat(randomiseNew(coordinatorGenoa, "01").status()).isEqualTo(200);
        }
        String waiting = enrolled(coordinatorGenoa, "01");
        Response stopped = randomise(coordinatorGenoa, waiting);
        assertThat(stopped.status()).isEqualTo(409);
        assertThat(stopped.body().get("detail").asString()).endsWith("cannot be randomised yet: the randomisation list needs the unblinded statistician")
                .doesNotContain("used up").doesNotContain("slot");

        Response noSeed = api.as(statistician).post(STUDY + "/randomisation/list/extensions", Map.of("stratum", "subTrial=italy"));
        assertThat(noSeed.status()).isEqualTo(422);
        assertThat(noSeed.text()).contains("seedHex");
        String otherSeed = "00" + SEED_HEX.substring(2);
        assertThat(api.as(statistician).post(STUDY + "/randomisation/list/extensions",
                Map.of("stratum", "subTrial=italy", "seedHex", otherSeed)).status()).isEqualTo(422);
        Response r = api.as(statistician).post(STUDY + "/randomisation/list/extensions", Map.of("stratum", "subTrial=italy", "seedHex", SEED_HEX));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(jdbc.sql("select extension_key from randomisation_setup where study_id = 'mesems'").query(String.class).single())
                .isEqualTo(PermutedBlockList.extensionKey(RandomisationSeed.fromHex(SEED_HEX)).toHex());
        assertThat(randomise(coordinatorGenoa, waiting).status()).isEqualTo(200);
    }
}
