package org.harmonia.server.locks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.ApiClient.Response;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.analysis.ReportService;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.reports.ReportFormat;
import org.harmonia.server.reports.ReportRenderers;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Locks over real HTTP against the embedded PostgreSQL (today is 2026-06-15): a locked form record, casebook or study
 * refuses every change with a 409 naming the lock, until a documented unlock; the database lock's snapshot gives the
 * same report bytes after the live data changed; all of it audited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"harmonia.protocols=../protocols",
        "harmonia.test.database=locks-api"})
@Import(FixedClockConfiguration.class)
@DirtiesContext
class LockApiTest {
    static final String STUDY = "/api/studies/mesems";

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    ReportService reports;

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcClient jdbc;

    ApiClient site;
    ApiClient dataManager;

    @BeforeEach
    void setUp() {
        TestUsers users = new TestUsers(userService);
        site = new ApiClient(port, users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07"));
        dataManager = site.as(users.token("datamanager", "mesems", Role.CENTRAL_DATA_MANAGER, null));
        // earlier tests of this class may have left a database lock: lift every live one
        for (JsonNode l : dataManager.get(STUDY + "/locks?active=true").body()) {
            dataManager.post(STUDY + "/locks/" + l.get("id").asLong() + "/unlock", Map.of("reason", "test set-up", "version",
                    l.get("version").asInt()));
        }
    }

    @Test
    void aLockedFormRecordRefusesCorrectionAndVoidingUntilADocumentedUnlock() {
        String subject = enrolled();
        long record = saveEdss(subject, "3.5");
        Response locked = dataManager.post(STUDY + "/locks", Map.of("scope", "form-record", "formRecordId", record,
                "reason", "EDSS source-verified"));
        assertThat(locked.status()).as(locked.text()).isEqualTo(201);
        long lockId = locked.body().get("id").asLong();
        assertThat(locked.body().get("scope").asString()).isEqualTo("FORM_RECORD");
        assertThat(locked.body().get("subjectId").asString()).isEqualTo(subject);
        assertThat(locked.body().get("active").asBoolean()).isTrue();

        Response refused = site.put(STUDY + "/subjects/" + subject + "/visits/W0/forms/edss", Map.of("values",
                Map.of("edss", 4.0), "version", 1, "reason", "typo"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("detail").asString()).contains("form record " + record + " is locked", "lock " + lockId,
                "EDSS source-verified");
        assertThat(site.put(STUDY + "/form-records/" + record, Map.of("values", Map.of("edss", 4.0), "version", 1, "reason", "typo"))
                .status()).isEqualTo(409);
        assertThat(site.post(STUDY + "/form-records/" + record + "/void", Map.of("version", 1, "reason", "wrong subject"))
                .status()).isEqualTo(409);
        assertThat(site.get(STUDY + "/form-records/" + record).body().get("values").get("edss").asString()).isEqualTo("3.5");
        // another record of the same subject is not locked
        assertThat(site.put(STUDY + "/subjects/" + subject + "/visits/W4/forms/edss", Map.of("values",
                Map.of("assessment_date", "2026-06-14", "edss", 3.5))).status()).isEqualTo(200);

        Response noReason = dataManager.post(STUDY + "/locks/" + lockId + "/unlock", Map.of("version", 1));
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.body().get("errors").get(0).get("field").asString()).isEqualTo("reason");
        assertThat(site.post(STUDY + "/locks/" + lockId + "/unlock", Map.of("version", 1, "reason", "mine")).status()).isEqualTo(403);

        Response unlocked = dataManager.post(STUDY + "/locks/" + lockId + "/unlock", Map.of("version", 1,
                "reason", "site found a transcription error in the source"));
        assertThat(unlocked.status()).as(unlocked.text()).isEqualTo(200);
        assertThat(unlocked.body().get("active").asBoolean()).isFalse();
        assertThat(unlocked.body().get("unlockReason").asString()).isEqualTo("site found a transcription error in the source");
        assertThat(site.put(STUDY + "/form-records/" + record, Map.of("values", Map.of("edss", 4.0), "version", 1, "reason", "typo"))
                .status()).isEqualTo(200);
        assertThat(dataManager.post(STUDY + "/locks/" + lockId + "/unlock", Map.of("version", 2, "reason", "again")).status())
                .isEqualTo(409);

        List<String> actions = audit.history("data_lock", Long.toString(lockId)).stream().map(e -> e.action()).toList();
        assertThat(actions).containsExactly("LOCK", "UNLOCK");
        assertThat(audit.history("data_lock", Long.toString(lockId)).get(1).reason())
                .isEqualTo("site found a transcription error in the source");
    }

    @Test
    void aLockedCasebookRefusesNewRecordsVisitsAndSubjectChanges() {
        String subject = enrolled();
        saveEdss(subject, "3.5");
        long lockId = dataManager.post(STUDY + "/locks", Map.of("scope", "subject", "subjectId", subject, "reason", "casebook review"))
                .body().get("id").asLong();
        Response visit = site.put(STUDY + "/subjects/" + subject + "/visits/W4", Map.of("status", "done", "visitDate", "2026-06-14"));
        assertThat(visit.status()).isEqualTo(409);
        assertThat(visit.body().get("detail").asString()).contains("casebook of subject " + subject, "lock " + lockId);
        assertThat(site.post(STUDY + "/subjects/" + subject + "/forms/concomitant_medication", Map.of("values", Map.of())).status())
                .isEqualTo(409);
        Response newForm = site.put(STUDY + "/subjects/" + subject + "/visits/W4/forms/edss", Map.of("values",
                Map.of("assessment_date", "2026-06-14", "edss", 3.5)));
        assertThat(newForm.status()).isEqualTo(409);
        assertThat(newForm.body().get("detail").asString()).contains("casebook of subject " + subject, "lock " + lockId);
        assertThat(site.post(STUDY + "/subjects/" + subject + "/withdrawal", Map.of("date", "2026-06-14", "reason", "moved away",
                "version", 2)).status()).isEqualTo(409);
        // the other subjects are free
        String other = enrolled();
        assertThat(saveEdss(other, "4.0")).isPositive();
        assertThat(dataManager.post(STUDY + "/locks", Map.of("scope", "subject", "subjectId", subject, "reason", "twice")).status())
                .isEqualTo(409);
    }

    @Test
    void aDatabaseLockRefusesEveryWriteAndItsReportReproducesByteForByteAfterAnUnlock() {
        String subject = enrolled();
        long record = saveEdss(subject, "3.5");
        Response lock = dataManager.post(STUDY + "/locks", Map.of("scope", "study", "name", "Interim analysis 1",
                "reason", "interim analysis for the DSMB"));
        assertThat(lock.status()).as(lock.text()).isEqualTo(201);
        long lockId = lock.body().get("id").asLong();
        assertThat(lock.body().get("protocolVersion").asString()).isNotBlank();

        Response screening = site.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-06-01",
                "plannedRandomisationDate", "2026-06-20", "data", Patients.eligibleRrms()));
        assertThat(screening.status()).isEqualTo(409);
        assertThat(screening.body().get("detail").asString()).contains("study mesems is locked", "database lock " + lockId,
                "\"Interim analysis 1\"");
        assertThat(site.put(STUDY + "/form-records/" + record, Map.of("values", Map.of("edss", 5.0), "version", 1, "reason", "x"))
                .status()).isEqualTo(409);
        assertThat(site.post(STUDY + "/subjects/" + subject + "/forms/concomitant_medication", Map.of("values", Map.of())).status())
                .isEqualTo(409);

        byte[] pdf = ReportRenderers.render(reports.reportAtLock("mesems", true, lockId, Caller.SYSTEM), ReportFormat.PDF);
        byte[] html = ReportRenderers.render(reports.reportAtLock("mesems", false, lockId, Caller.SYSTEM), ReportFormat.HTML);
        String page = new String(html, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(page).contains("data snapshot of database lock " + lockId + " &quot;Interim analysis 1&quot;");

        dataManager.post(STUDY + "/locks/" + lockId + "/unlock", Map.of("version", 1, "reason", "interim done, data entry resumes"));
        assertThat(site.put(STUDY + "/form-records/" + record, Map.of("values", Map.of("edss", 5.0), "version", 1, "reason", "x"))
                .status()).isEqualTo(200);
        enrolled();

        assertThat(java.util.Arrays.equals(ReportRenderers.render(reports.reportAtLock("mesems", true, lockId, Caller.SYSTEM),
                ReportFormat.PDF), pdf)).as("the unblinded PDF on the lock, byte for byte").isTrue();
        assertThat(java.util.Arrays.equals(ReportRenderers.render(reports.reportAtLock("mesems", false, lockId, Caller.SYSTEM),
                ReportFormat.HTML), html)).as("the blinded HTML on the lock, byte for byte").isTrue();
        // the live report has moved on; over the API the lock's report is the same page
        assertThat(java.util.Arrays.equals(ReportRenderers.render(reports.report("mesems", false, Caller.SYSTEM), ReportFormat.HTML), html))
                .as("the live report").isFalse();
        Response overApi = dataManager.get(STUDY + "/reports/blinded?format=html&lock=" + lockId);
        assertThat(overApi.status()).isEqualTo(200);
        assertThat(overApi.text()).isEqualTo(page);
        assertThat(dataManager.get(STUDY + "/reports/blinded?lock=999999").status()).isEqualTo(404);
        // the snapshot holds the value as it was at the lock
        assertThat(jdbc.sql("select data->>'edss' from lock_snapshot_form_record where lock_id = ? and form_record_id = ?")
                .params(lockId, record).query(String.class).single()).isEqualTo("3.5");
    }

    @Test
    void badLockRequestsAreRefusedNamingTheFieldAndChangeNothing() {
        int before = dataManager.get(STUDY + "/locks").body().size();
        Response noScope = dataManager.post(STUDY + "/locks", Map.of("reason", "x"));
        assertThat(noScope.status()).isEqualTo(422);
        assertThat(noScope.body().get("errors").get(0).get("field").asString()).isEqualTo("scope");
        Response noName = dataManager.post(STUDY + "/locks", Map.of("scope", "study", "reason", "x"));
        assertThat(noName.status()).isEqualTo(422);
        assertThat(noName.body().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(dataManager.post(STUDY + "/locks", Map.of("scope", "subject", "subjectId", "MES-99-999", "reason", "x")).status())
                .isEqualTo(404);
        assertThat(dataManager.post(STUDY + "/locks", Map.of("scope", "form-record", "formRecordId", 99999999, "reason", "x")).status())
                .isEqualTo(404);
        assertThat(dataManager.post(STUDY + "/locks", Map.of("scope", "study", "name", "x", "reason", "x", "extra", 1)).status())
                .isEqualTo(400);
        Response control = dataManager.post(STUDY + "/locks", Map.of("scope", "study", "name", "a\u0007b", "reason", "x"));
        assertThat(control.status()).isEqualTo(400);
        assertThat(control.body().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(site.post(STUDY + "/locks", Map.of("scope", "study", "name", "x", "reason", "x")).status()).isEqualTo(403);
        assertThat(dataManager.get(STUDY + "/locks").body().size()).isEqualTo(before);
    }

    private String enrolled() {
        JsonNode screened = site.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-05-01",
                "plannedRandomisationDate", "2026-05-18", "data", Patients.eligibleRrms())).body();
        String id = screened.get("id").asString();
        assertThat(site.post(STUDY + "/subjects/" + id + "/enrolment", Map.of("consentDate", "2026-05-02",
                "dayZero", "2026-05-18", "version", screened.get("version").asInt())).status()).isEqualTo(200);
        return id;
    }

    private long saveEdss(String subject, String edss) {
        Response r = site.put(STUDY + "/subjects/" + subject + "/visits/W0/forms/edss", Map.of("values",
                Map.of("assessment_date", "2026-05-18", "edss", edss)));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.body().get("record").get("id").asLong();
    }
}
