package org.harmonia.server.datamanagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The central data manager's cross-site views over real HTTP (today is 2026-06-15): a Stockholm subject enrolled on
 * 2026-02-16 has week 0 and week 4 entered in part, week 8 recorded as missed and nothing at week 12; a Genoa subject
 * has nothing after its baseline; a Salzburg subject enrolled in 2025 meets an edit check. Completeness, overdue visits and forms and the queries' ages follow from that alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"harmonia.protocols=../protocols",
        "harmonia.test.database=data-management"})
@Import(FixedClockConfiguration.class)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataManagementApiTest {
    static final String STUDY = "/api/studies/mesems";
    static final String VIEWS = STUDY + "/data-management";

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    ApiClient stockholm;
    ApiClient genoa;
    ApiClient salzburg;
    ApiClient dataManager;
    ApiClient monitor;
    String subject;

    /** Screening data whose wash-out dates lie far enough back for a subject enrolled in the past. */
    static Map<String, Object> screeningData() {
        Map<String, Object> d = new HashMap<>(Patients.eligibleRrms());
        d.put("last_interferon_or_glatiramer", "2025-06-01");
        d.put("last_corticosteroid", "2025-06-01");
        d.put("last_relapse", "2025-06-01");
        return d;
    }

    static String enrol(ApiClient site, String siteId, String screeningDate, String dayZero) {
        JsonNode s = site.post(STUDY + "/screenings", Map.of("siteId", siteId, "screeningDate", screeningDate,
                "plannedRandomisationDate", dayZero, "data", screeningData())).body();
        String id = s.get("id").asString();
        ApiClient.Response enrolled = site.post(STUDY + "/subjects/" + id + "/enrolment", Map.of("consentDate", screeningDate,
                "dayZero", dayZero, "version", s.get("version").asInt()));
        assertThat(enrolled.status()).as(enrolled.text()).isEqualTo(200);
        return id;
    }

    static void save(ApiClient site, String subject, String visit, String form, Map<String, Object> values) {
        ApiClient.Response saved = site.put(STUDY + "/subjects/" + subject + "/visits/" + visit + "/forms/" + form, Map.of("values", values));
        assertThat(saved.status()).as(saved.text()).isIn(200, 201);
    }

    @BeforeAll
    void setUp() {
        TestUsers u = new TestUsers(userService);
        stockholm = new ApiClient(port, u.token("coord", "mesems", Role.SITE_COORDINATOR, "07"));
        genoa = stockholm.as(u.token("genoa", "mesems", Role.SITE_COORDINATOR, "01"));
        salzburg = stockholm.as(u.token("salzburg", "mesems", Role.SITE_COORDINATOR, "08"));
        dataManager = stockholm.as(u.token("dm", "mesems", Role.CENTRAL_DATA_MANAGER, null));
        monitor = stockholm.as(u.token("mon", "mesems", Role.MONITOR, null));
        subject = enrol(stockholm, "07", "2026-01-05", "2026-02-16");
        save(stockholm, subject, "W0", "edss", Map.of("assessment_date", "2026-02-16", "edss", 4.0));
        save(stockholm, subject, "W4", "edss", Map.of("assessment_date", "2026-03-16", "edss", 4.0));
        save(stockholm, subject, "W4", "mri", Map.of("scan_date", "2026-03-16", "field_strength", "3 T", "gel_count", 2));
        assertThat(stockholm.put(STUDY + "/subjects/" + subject + "/visits/W8", Map.of("status", "missed",
                "note", "the patient was abroad")).status()).isIn(200, 201);
        enrol(genoa, "01", "2026-04-01", "2026-05-04");
    }

    static List<JsonNode> rows(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    @Test
    void completenessCountsTheFormsDueBySiteVisitAndFormAgainstThoseSaved() {
        ApiClient.Response r = dataManager.get(VIEWS + "/completeness?siteId=07&visitId=W4");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        Map<String, JsonNode> byForm = new HashMap<>();
        rows(r.body()).forEach(n -> byForm.put(n.get("formId").asString(), n));
        assertThat(byForm.get("edss").get("expected").asInt()).isEqualTo(1);
        assertThat(byForm.get("edss").get("saved").asInt()).isEqualTo(1);
        assertThat(byForm.get("vital_signs").get("saved").asInt()).isZero();
        assertThat(byForm.get("vital_signs").get("visitLabel").asString()).isEqualTo("week 4");
        // logs have no expected count; every row is Stockholm's week 4
        assertThat(byForm).doesNotContainKeys("adverse_event", "concomitant_medication");
        assertThat(rows(r.body())).allSatisfy(n -> assertThat(n.get("siteId").asString() + n.get("visitId").asString()).isEqualTo("07W4"));

        // week 8 was recorded as missed: nothing is expected of it; week 20's target date has not come
        assertThat(rows(dataManager.get(VIEWS + "/completeness?siteId=07&visitId=W8").body())).isEmpty();
        assertThat(rows(dataManager.get(VIEWS + "/completeness?siteId=07&visitId=W20").body())).isEmpty();
        // both sites expect the week-0 EDSS; only Stockholm saved it
        List<JsonNode> edssW0 = rows(monitor.get(VIEWS + "/completeness?visitId=W0&formId=edss").body());
        assertThat(edssW0).extracting(n -> n.get("siteId").asString() + ":" + n.get("saved").asInt() + "/" + n.get("expected").asInt())
                .contains("01:0/1", "07:1/1");
    }

    @Test
    void overdueListsVisitsWithNothingRecordedAndFormsMissingAtVisitsThatTookPlace() {
        ApiClient.Response r = dataManager.get(VIEWS + "/overdue?siteId=07");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> items = rows(r.body()).stream().map(n -> n.get("kind").asString() + " " + n.get("visitId").asString()
                + (n.has("formId") ? " " + n.get("formId").asString() : "")).toList();
        assertThat(items).contains("VISIT W12", "FORM W4 vital_signs", "FORM W4 relapse", "FORM W0 mri", "FORM SCR ms_history")
                .doesNotContain("FORM W4 edss", "FORM W4 mri", "VISIT W4", "VISIT W8", "VISIT W16", "VISIT SCR")
                .noneMatch(i -> i.startsWith("FORM W8") || i.startsWith("FORM W12"));
        assertThat(items).contains("VISIT BMH"); // the bone-marrow harvest, 4 weeks before day 0, has nothing recorded either
        JsonNode w12 = rows(r.body()).stream().filter(n -> n.get("kind").asString().equals("VISIT")
                && n.get("visitId").asString().equals("W12")).findFirst().orElseThrow();
        // week 12: target 2026-05-11, window closed 2026-05-18, overdue 28 days on 2026-06-15
        assertThat(w12.get("subjectId").asString()).isEqualTo(subject);
        assertThat(w12.get("targetDate").asString()).isEqualTo("2026-05-11");
        assertThat(w12.get("windowClosed").asString()).isEqualTo("2026-05-18");
        assertThat(w12.get("daysOverdue").asInt()).isEqualTo(28);
        assertThat(rows(dataManager.get(VIEWS + "/overdue?siteId=07&formId=vital_signs").body()))
                .allSatisfy(n -> assertThat(n.get("kind").asString()).isEqualTo("FORM"));
    }

    @Test
    void queryAgeingCountsTheQueriesAwaitingEachSite() {
        long edss = stockholm.get(STUDY + "/subjects/" + subject + "/forms").body().valueStream()
                .filter(n -> n.get("formId").asString().equals("edss") && n.get("visitId").asString().equals("W0"))
                .findFirst().orElseThrow().get("id").asLong();
        assertThat(dataManager.post(STUDY + "/queries", Map.of("formRecordId", edss, "field", "edss",
                "question", "EDSS 4.0 at baseline: please confirm")).status()).isEqualTo(201);
        ApiClient.Response r = monitor.get(VIEWS + "/query-ageing?siteId=07&status=open");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode row = r.body().get(0);
        assertThat(row.get("siteId").asString()).isEqualTo("07");
        assertThat(row.get("status").asString()).isEqualTo("open");
        assertThat(row.get("total").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(row.get("total").asInt()).isEqualTo(row.get("upTo7Days").asInt() + row.get("days8To14").asInt()
                + row.get("days15To30").asInt() + row.get("over30Days").asInt());
        assertThat(rows(monitor.get(VIEWS + "/query-ageing?siteId=01").body())).isEmpty();
    }

    @Test
    void eachViewExportsAsCsv() {
        ApiClient.Response r = dataManager.get(VIEWS + "/completeness?siteId=01&visitId=W0&formId=edss&format=csv");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("siteId,visitId,visit,formId,form,expected,saved,missing,percentSaved\r\n"
                + "01,W0,week 0 (first infusion),edss,EDSS and Kurtzke functional systems,1,0,1,0\r\n");
        assertThat(dataManager.get(VIEWS + "/overdue?siteId=07&visitId=W12&format=csv").text())
                .isEqualTo("kind,siteId,subjectId,visitId,visit,formId,form,targetDate,windowClosed,daysOverdue\r\n"
                        + "visit,07," + subject + ",W12,week 12,,,2026-05-11,2026-05-18,28\r\n");
        assertThat(dataManager.get(VIEWS + "/query-ageing?format=csv").text())
                .startsWith("siteId,status,total,upTo7Days,days8To14,days15To30,over30Days,oldestDays\r\n");
    }

    @Test
    void aFilterNamingNoSiteVisitOrFormOfTheStudyIsRefusedByName() {
        ApiClient.Response r = dataManager.get(VIEWS + "/completeness?siteId=99&visitId=W5&formId=edds");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactly("siteId", "visitId", "formId");
        assertThat(dataManager.get(VIEWS + "/overdue?site=07").body().get("errors").get(0).get("field").asString()).isEqualTo("site");
        assertThat(dataManager.get(VIEWS + "/overdue?format=xml").body().get("errors").get(0).get("message").asString())
                .isEqualTo("\"xml\" is not one of: json, csv");
        assertThat(dataManager.get(VIEWS + "/query-ageing?status=closed").status()).isEqualTo(422);
        assertThat(dataManager.get(VIEWS + "/query-ageing?visitId=W4").status()).isEqualTo(422);
    }

    @Test
    void siteRolesAndUnblindedRolesMayNotReadTheCrossSiteViews() {
        assertThat(stockholm.get(VIEWS + "/completeness").status()).isEqualTo(403);
        assertThat(stockholm.get(VIEWS + "/completeness?siteId=99").status()).isEqualTo(403);
    }

    @Test
    void anEditCheckRaisesItsQueryWhenTheFormIsSavedAndNeverTwice() {
        // enrolled on 2025-12-01: week 24 fell on 2026-05-18; recorded as missed, and yet an EDSS is saved for it
        String late = enrol(salzburg, "08", "2025-10-20", "2025-12-01");
        assertThat(salzburg.put(STUDY + "/subjects/" + late + "/visits/W24", Map.of("status", "missed", "note", "in hospital"))
                .status()).isIn(200, 201);
        save(salzburg, late, "W24", "edss", Map.of("assessment_date", "2026-05-18", "edss", 4.5));
        long edss = salzburg.get(STUDY + "/subjects/" + late + "/forms").body().valueStream()
                .filter(n -> n.get("visitId").asString().equals("W24")).findFirst().orElseThrow().get("id").asLong();
        List<JsonNode> raised = queriesOn(edss);
        assertThat(raised).singleElement().satisfies(q -> {
            assertThat(q.get("editCheck").asString()).isEqualTo("EDSS-W24-VISIT");
            assertThat(q.get("field").asString()).isEqualTo("edss");
            assertThat(q.get("raisedBy").asString()).isEqualTo("system");
            assertThat(q.get("question").asString()).startsWith("An EDSS at week 24 cannot come from a week-24 visit recorded as missed (");
        });

        ApiClient.Response run = dataManager.post(STUDY + "/edit-checks/runs", Map.of());
        assertThat(run.status()).as(run.text()).isEqualTo(200);
        assertThat(run.body().get("checks").asInt()).isEqualTo(3);
        assertThat(run.body().get("alreadyRaised").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(queriesOn(edss)).hasSize(1); // the same finding raises nothing again

        // the visit corrected to done: the check holds, nothing new is raised, the open query waits for its answer
        ApiClient.Response corrected = salzburg.put(STUDY + "/subjects/" + late + "/visits/W24", Map.of("status", "done",
                "visitDate", "2026-05-18", "version", 1, "reason", "the visit took place; missed was entered by mistake"));
        assertThat(corrected.status()).as(corrected.text()).isIn(200, 201);
        JsonNode again = dataManager.post(STUDY + "/edit-checks/runs", Map.of()).body();
        assertThat(again.get("queriesRaised")).isEmpty();
        assertThat(queriesOn(edss)).hasSize(1);
    }

    @Test
    void theEditChecksAreReadByTheCentralTeamAndRunByTheDataManagerOnly() {
        ApiClient.Response checks = monitor.get(STUDY + "/edit-checks");
        assertThat(checks.status()).isEqualTo(200);
        assertThat(rows(checks.body())).extracting(n -> n.get("id").asString())
                .containsExactly("EDSS-W24-VISIT", "HARVEST-BEFORE-INFUSION", "MRI-W24-BEFORE-CROSSOVER");
        assertThat(checks.body().get(1).get("values").get("harvest").get("field").asString()).isEqualTo("harvest_date");
        assertThat(checks.body().get(1).get("rule").asString()).isEqualTo("harvest < infusion_w0");
        assertThat(monitor.post(STUDY + "/edit-checks/runs", Map.of()).status()).isEqualTo(403);
        assertThat(stockholm.get(STUDY + "/edit-checks").status()).isEqualTo(403);
    }

    /** The queries not yet closed on one form record, as the site lists them. */
    private List<JsonNode> queriesOn(long recordId) {
        return rows(salzburg.get(STUDY + "/sites/08/queries").body()).stream()
                .filter(q -> q.get("formRecordId").asLong() == recordId).toList();
    }
}
