package org.harmonia.server.randomisation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.harmonia.server.audit.AuditAction;
import org.harmonia.server.audit.AuditEvent;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.ApiClient;
import org.harmonia.server.ApiClient.Response;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.harmonia.server.Patients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Concealed randomisation over HTTP: the statistician's list, allocation by a blinded site that sees only the
 * kit, the unblinded views, dispensing, and emergency unblinding. Its own database (the list is generated once).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"harmonia.protocols=../protocols",
        "harmonia.test.database=randomisation"})
@Import(FixedClockConfiguration.class)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RandomisationApiTest {
    static final String STUDY = "/api/studies/mesems";
    static final String[] BLINDED_WORDS = {"MSC-PLACEBO", "PLACEBO-MSC", "MSC then placebo", "placebo then MSC"};

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    AuditTrail trail;

    @Autowired
    TransactionTemplate tx;

    static String statistician;
    static String investigator;
    static String coordinator;
    static String coordinatorGenoa;
    static String pharmacist;
    static String monitor;
    static String dataManager;
    static String otherInvestigator;

    ApiClient api;

    @BeforeEach
    void users() {
        api = new ApiClient(port, null);
        if (statistician == null) {
            TestUsers u = new TestUsers(userService);
            statistician = u.token("statistician", "mesems", Role.UNBLINDED_STATISTICIAN, null);
            investigator = u.token("investigator", "mesems", Role.SITE_INVESTIGATOR, "07");
            otherInvestigator = u.token("investigator2", "mesems", Role.SITE_INVESTIGATOR, "07");
            coordinator = u.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07");
            coordinatorGenoa = u.token("coordinatorgenoa", "mesems", Role.SITE_COORDINATOR, "01");
            pharmacist = u.token("pharmacist", "mesems", Role.UNBLINDED_PHARMACIST, null);
            monitor = u.token("monitor", "mesems", Role.MONITOR, null);
            dataManager = u.token("datamanager", "mesems", Role.CENTRAL_DATA_MANAGER, null);
        }
    }

    String enrolled(String token, String site) {
        ApiClient c = api.as(token);
        JsonNode s = c.post(STUDY + "/screenings", Map.of("siteId", site, "screeningDate", "2026-06-01",
                "plannedRandomisationDate", "2026-06-20", "data", Patients.eligibleRrms())).body();
        String id = s.get("id").asString();
        Response r = c.post(STUDY + "/subjects/" + id + "/enrolment", Map.of("consentDate", "2026-06-02", "dayZero", "2026-06-08",
                "version", s.get("version").asInt()));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return id;
    }

    @Test
    @Order(1)
    void onlyTheUnblindedStatisticianGeneratesTheListAndOnlyOnce() {
        assertThat(api.as(coordinator).post(STUDY + "/randomisation/list", Map.of()).status()).isEqualTo(403);
        assertThat(api.as(statistician).post(STUDY + "/randomisation/list", Map.of("seedHex", "xyz")).status()).isEqualTo(422);
        Response r = api.as(statistician).post(STUDY + "/randomisation/list", Map.of("lengthPerStratum", 60));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.body().get("method").asString()).isEqualTo("PERMUTED_BLOCKS");
        assertThat(r.body().get("strata").asInt()).isEqualTo(9);
        assertThat(r.body().get("slots").asInt()).isEqualTo(540);
        assertThat(r.body().get("seedHex").asString()).hasSize(64);
        assertThat(api.as(statistician).post(STUDY + "/randomisation/list", Map.of()).status()).isEqualTo(409);
        JsonNode list = api.as(statistician).get(STUDY + "/randomisation/list").body();
        assertThat(list).hasSize(540);
        assertThat(api.as(monitor).get(STUDY + "/randomisation/list").status()).isEqualTo(403);
    }

    @Test
    @Order(2)
    void aSiteRandomisesAndSeesOnlyTheKit() {
        String id = enrolled(coordinator, "07");
        Response r = api.as(coordinator).post(STUDY + "/subjects/" + id + "/randomisation", Map.of());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().get("kitNumber").asString()).matches("\\d{7}");
        assertThat(r.body().get("stratum").asString()).isEqualTo("subTrial=stockholm");
        for (String word : BLINDED_WORDS) {
            assertThat(r.text()).doesNotContain(word);
        }
        assertThat(api.as(coordinator).get(STUDY + "/subjects/" + id).body().get("status").asString()).isEqualTo("RANDOMISED");
        Response again = api.as(coordinator).post(STUDY + "/subjects/" + id + "/randomisation", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("detail").asString()).contains("is randomised; only an enrolled subject");
        assertThat(api.as(coordinatorGenoa).post(STUDY + "/subjects/" + id + "/randomisation", Map.of()).status()).isEqualTo(404);

        JsonNode allocations = api.as(statistician).get(STUDY + "/randomisation/allocations").body();
        assertThat(allocations).anySatisfy(a -> {
            assertThat(a.get("subjectId").asString()).isEqualTo(id);
            assertThat(a.get("sequenceLabel").asString()).isIn("MSC then placebo", "placebo then MSC");
            assertThat(a.get("kitNumber").asString()).isEqualTo(r.body().get("kitNumber").asString());
        });
        assertThat(api.as(coordinator).get(STUDY + "/randomisation/allocations").status()).isEqualTo(403);
        assertThat(api.as(monitor).get(STUDY + "/subjects/" + id + "/allocation").status()).isEqualTo(403);

        JsonNode kit = api.as(pharmacist).get(STUDY + "/kits/" + r.body().get("kitNumber").asString()).body();
        assertThat(kit.get("subjectId").asString()).isEqualTo(id);
        assertThat(kit.get("sequenceLabel").asString()).isIn("MSC then placebo", "placebo then MSC");
        assertThat(api.as(coordinator).get(STUDY + "/kits/" + r.body().get("kitNumber").asString()).status()).isEqualTo(403);
    }

    @Test
    @Order(3)
    void aScreenFailureOrAScreeningIsNeverRandomised() {
        Map<String, Object> d = Patients.eligibleRrms();
        d.put("edss", 7.0);
        String failed = api.as(coordinator).post(STUDY + "/screenings", Map.of("siteId", "07", "data", d)).body().get("id").asString();
        Response r = api.as(coordinator).post(STUDY + "/subjects/" + failed + "/randomisation", Map.of());
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body().get("detail").asString()).isEqualTo("subject " + failed
                + " is screen failed; only an enrolled subject (eligible and consented) can be randomised");
    }

    @Test
    @Order(4)
    void anInvestigatorUnblindsOneSubjectInAnEmergency() {
        String id = enrolled(investigator, "07");
        api.as(investigator).post(STUDY + "/subjects/" + id + "/randomisation", Map.of());
        assertThat(api.as(investigator).post(STUDY + "/subjects/" + id + "/emergency-unblinding", Map.of()).status()).isEqualTo(422);
        assertThat(api.as(coordinator).post(STUDY + "/subjects/" + id + "/emergency-unblinding",
                Map.of("reason", "x")).status()).isEqualTo(403);
        assertThat(api.as(investigator).get(STUDY + "/subjects/" + id + "/allocation").status()).isEqualTo(403);
        Response r = api.as(investigator).post(STUDY + "/subjects/" + id + "/emergency-unblinding",
                Map.of("reason", "anaphylaxis: treating physician needs to know whether cells were given"));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().get("sequenceLabel").asString()).isIn("MSC then placebo", "placebo then MSC");
        assertThat(api.as(investigator).get(STUDY + "/subjects/" + id + "/allocation").status()).isEqualTo(200);
        assertThat(api.as(otherInvestigator).get(STUDY + "/subjects/" + id + "/allocation").status()).isEqualTo(403);
        assertThat(api.as(coordinator).get(STUDY + "/subjects/" + id).body().get("emergencyUnblinded").asBoolean()).isTrue();

        Response notes = api.as(dataManager).get(STUDY + "/notifications");
        assertThat(notes.body()).anySatisfy(n -> assertThat(n.get("subjectId").asString()).isEqualTo(id));
        Response trail = api.as(monitor).get("/api/audit?studyId=mesems&entityType=subject&entityId=" + id);
        assertThat(trail.text()).contains("EMERGENCY_UNBLINDING").contains("RANDOMISED");
        for (String word : BLINDED_WORDS) {
            assertThat(notes.text()).doesNotContain(word);
            assertThat(trail.text()).doesNotContain(word);
        }
    }

    @Test
    @Order(5)
    void aMonitorReadsNoListPositionInTheAuditTrailNotEvenInRowsWrittenWithOne() {
        String id = enrolled(coordinator, "07");
        assertThat(api.as(coordinator).post(STUDY + "/subjects/" + id + "/randomisation", Map.of()).status()).isEqualTo(200);
        // rows as allocations and list generation wrote them before positions were left out: stored and chained as they are
        tx.executeWithoutResult(t -> {
            trail.record(AuditEvent.of("coordinator", AuditAction.of("RANDOMISED"), "mesems", "07", "subject", id,
                    "stratum subTrial=stockholm, slot 17, kit 1234567", null));
            trail.record(AuditEvent.of("statistician", AuditAction.of("RANDOMISATION_LIST"), "mesems", null, "randomisation_setup",
                    "mesems", "permuted_blocks, seed fingerprint 0123456789abcdef, 9 strata, 540 slots, 540 kits", null));
        });
        for (String reader : new String[] {monitor, dataManager}) {
            Response r = api.as(reader).get("/api/audit?studyId=mesems&limit=1000");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).doesNotContain("slot").contains("RANDOMISED");
            List<String> values = new ArrayList<>();
            r.body().get("entries").forEach(e -> values.add(e.path("newValue").asString()));
            assertThat(values).contains("stratum subTrial=stockholm, kit 1234567 [position concealed]",
                    "permuted_blocks, seed fingerprint 0123456789abcdef, 9 strata [position concealed]");
            assertThat(values).anySatisfy(v -> assertThat(v).matches("stratum subTrial=stockholm, kit \\d{7}"));
        }
        // the stored rows are untouched: the chain still verifies
        assertThat(api.as(monitor).get("/api/audit/verify").body().get("intact").asBoolean()).isTrue();
    }
}
