package org.harmonia.server.metaanalysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.ApiClient.Response;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The central data manager records the trials a meta-analysis includes over HTTP; every role of the study reads them;
 * a recorded trial is never overwritten, and every refusal names the field and changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class IncludedTrialApiTest {
    static final String TRIALS = "/api/studies/msc-it-safety/included-trials";

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    JdbcClient jdbc;

    ApiClient dataManager;
    TestUsers tokens;

    @BeforeEach
    void users() {
        tokens = new TestUsers(userService);
        dataManager = new ApiClient(port, tokens.token("ma-dm", "msc-it-safety", Role.CENTRAL_DATA_MANAGER, null));
    }

    static Map<String, Object> trial(String id, int mscEvents) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", id);
        t.put("label", "Example trial (MS)");
        t.put("experimentalEvents", mscEvents);
        t.put("experimentalTotal", 32);
        t.put("controlEvents", 2);
        t.put("controlTotal", 16);
        t.put("experimentalAnyAe", 20);
        t.put("controlAnyAe", 6);
        t.put("moderators", Map.of("preservation", "fresh", "doses", "multiple", "condition", "MS"));
        t.put("source", "example counts, not a real publication");
        return t;
    }

    long rows(String id) {
        return jdbc.sql("select count(*) from included_trial where study_id = 'msc-it-safety' and id = ?").param(id)
                .query(Long.class).single();
    }

    long audited(String id) {
        return jdbc.sql("select count(*) from audit_log where action = 'INCLUDED_TRIAL_RECORDED' and entity_id = ?").param(id)
                .query(Long.class).single();
    }

    @Test
    void theDataManagerRecordsATrialOnceAndEveryRoleReadsIt() {
        Response created = dataManager.post(TRIALS, trial("API-EXAMPLE-2025", 7));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.body().get("experimentalEvents").asInt()).isEqualTo(7);
        assertThat(created.body().get("moderators").get("condition").asString()).isEqualTo("MS");
        Response again = dataManager.post(TRIALS, trial("API-EXAMPLE-2025", 7));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(created.body());
        assertThat(rows("API-EXAMPLE-2025")).isOne();
        assertThat(audited("API-EXAMPLE-2025")).isOne();

        Response changed = dataManager.post(TRIALS, trial("API-EXAMPLE-2025", 8));
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.text()).contains("already recorded with other values");
        String dsmb = tokens.token("ma-dsmb", "msc-it-safety", Role.DSMB_MEMBER, null);
        Response one = dataManager.as(dsmb).get(TRIALS + "/API-EXAMPLE-2025");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().get("experimentalEvents").asInt()).isEqualTo(7);
        assertThat(dataManager.as(dsmb).get(TRIALS).body().findValuesAsString("id")).contains("API-EXAMPLE-2025");
        assertThat(dataManager.get(TRIALS + "/NO-SUCH-TRIAL").status()).isEqualTo(404);
    }

    @Test
    void onlyTheCentralDataManagerRecordsAndOnlyRolesOfTheStudyRead() {
        // a meta-analysis has no sites, so no site roles: every other role of the study reads and may not record
        for (Role role : Role.values()) {
            if (role == Role.CENTRAL_DATA_MANAGER || role.siteScoped()) {
                continue;
            }
            String token = tokens.token("ma-" + role.name().toLowerCase(), "msc-it-safety", role, null);
            assertThat(dataManager.as(token).post(TRIALS, trial("API-REFUSED-" + role.ordinal(), 1)).status()).as(role.name()).isEqualTo(403);
            assertThat(dataManager.as(token).get(TRIALS).status()).as(role.name()).isEqualTo(200);
        }
        String mesemsOnly = tokens.token("ma-mesems-dm", "mesems", Role.CENTRAL_DATA_MANAGER, null);
        assertThat(dataManager.as(mesemsOnly).post(TRIALS, trial("API-OTHER-STUDY", 1)).status()).isIn(403, 404);
        String siteCoordinator = tokens.token("ma-mesems-coord", "mesems", Role.SITE_COORDINATOR, "07");
        assertThat(dataManager.as(siteCoordinator).get(TRIALS).status()).isIn(403, 404);
        assertThat(dataManager.as(null).get(TRIALS).status()).isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from included_trial where id like 'API-REFUSED-%' or id = 'API-OTHER-STUDY'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void badTrialsAreRefusedNamingTheFieldAndNothingIsStored() {
        Map<String, Object> missing = trial("API-BAD-1", 1);
        missing.remove("controlTotal");
        assertRefused(missing, "controlTotal");
        assertRefused(with("API-BAD-2", "experimentalEvents", 33), "experimentalEvents");
        assertRefused(with("API-BAD-3", "experimentalAnyAe", 0), "experimentalAnyAe");
        assertRefused(with("API-BAD-4", "moderators", Map.of("preservation", "frozen", "doses", "single", "condition", "MS")),
                "moderators.preservation");
        assertRefused(with("API-BAD-5", "moderators", Map.of("preservation", "fresh", "doses", "single")), "moderators.condition");
        assertRefused(with("API-BAD-6", "label", "two\nlines"), "label");
        assertRefused(with("API-BAD-7", "source", "x".repeat(201)), "source");
        assertRefused(with("API BAD 8", "controlEvents", 1), "id");
        Map<String, Object> unknown = trial("API-BAD-9", 1);
        unknown.put("weight", 0.3);
        Response r = dataManager.post(TRIALS, unknown);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("weight");
        assertThat(jdbc.sql("select count(*) from included_trial where id like 'API-BAD-%' or id = 'API BAD 8'").query(Long.class).single())
                .isZero();
    }

    @Test
    void aStudyThatIsNoMetaAnalysisHasNoIncludedTrials() {
        String mesemsDm = tokens.token("ma-mesems-dm2", "mesems", Role.CENTRAL_DATA_MANAGER, null);
        Response r = dataManager.as(mesemsDm).post("/api/studies/mesems/included-trials", trial("API-MESEMS", 1));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.text()).contains("is not a meta-analysis");
    }

    Map<String, Object> with(String id, String field, Object value) {
        Map<String, Object> t = trial(id, 1);
        t.put(field, value);
        return t;
    }

    void assertRefused(Map<String, Object> body, String field) {
        Response r = dataManager.post(TRIALS, body);
        assertThat(r.status()).as(r.text()).isEqualTo(422);
        assertThat(r.text()).contains("\"field\":\"" + field + "\"");
    }
}
