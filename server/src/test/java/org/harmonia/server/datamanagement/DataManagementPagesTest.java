package org.harmonia.server.datamanagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.audit.AuditEntry;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.queries.DataQuery;
import org.harmonia.server.queries.QueryService;
import org.harmonia.server.queries.QueryStatus;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.harmonia.server.web.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Data management in the browser (today is 2026-06-15): the data manager raises a query on one field from the form's
 * page, the site finds that field highlighted with the question and answers, the data manager re-opens it with a new
 * question, and the whole thread is in the audit trail; the cross-site page shows and filters the views and runs the
 * edit checks, whose query is raised once. axe-core checks every page visited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"harmonia.protocols=../protocols",
        "harmonia.test.database=data-management-pages"})
@Import(FixedClockConfiguration.class)
class DataManagementPagesTest {
    static final String STUDY = "/api/studies/mesems";
    static final String PASSWORD = "correct horse battery";
    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    QueryService queries;

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcClient jdbc;

    TestUsers users;
    ApiClient coordinator;
    ApiClient dataManager;

    @BeforeEach
    void setUp() {
        users = new TestUsers(userService);
        coordinator = new ApiClient(port, users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07"));
        dataManager = coordinator.as(users.token("datamanager", "mesems", Role.CENTRAL_DATA_MANAGER, null));
        users.token("monitor", "mesems", Role.MONITOR, null);
        if (browser == null) {
            browser = Browser.start(port);
        }
        browser.driver().manage().deleteAllCookies();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @Test
    void aDataManagerRaisesAFieldQueryThatTheSiteSeesHighlightedAndAnswers() {
        String subject = enrolled();
        coordinator.put(STUDY + "/subjects/" + subject + "/visits/W0/forms/mri", Map.of("values",
                Map.of("scan_date", "2026-05-18", "field_strength", "3 T", "gel_count", 40)));
        String formPage = "/studies/mesems/subjects/" + subject + "/visits/W0/forms/mri";

        browser.signIn(users.username("datamanager"), PASSWORD);
        browser.open(formPage);
        assertThat(browser.all(By.cssSelector(".queried"))).isEmpty();
        browser.driver().findElement(By.cssSelector("#field-gel_count-row summary")).click();
        browser.submit(By.cssSelector("#field-gel_count-row form.raise-query button[type=submit]")); // an empty question
        assertThat(browser.path()).isEqualTo(formPage);
        assertThat(browser.text(By.id("raise-gel_count-error"))).isEqualTo("question: is required");
        browser.type("raise-gel_count", "40 GELs at baseline: please confirm <b>against the scan</b>");
        browser.submit(By.cssSelector("#field-gel_count-row form.raise-query button[type=submit]"));
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("The query was raised; the site sees the field highlighted with your question.");
        assertThat(browser.text(By.id("field-gel_count-row"))).contains("40 GELs at baseline: please confirm <b>against the scan</b>");
        DataQuery raised = queries.notClosedOnRecord("mesems", recordOf(subject, "mri"), Caller.SYSTEM).get(0);
        assertThat(raised.field()).isEqualTo("gel_count");

        browser.signOut();
        browser.signIn(users.username("coordinator"), PASSWORD);
        browser.open(formPage);
        // the queried field, and only that one, is highlighted with the question and a link to the query
        assertThat(browser.all(By.cssSelector(".field.queried"))).hasSize(1);
        assertThat(browser.text(By.cssSelector(".field.queried"))).contains("gadolinium-enhancing lesions",
                "Query " + raised.id() + " awaits the site's answer", "40 GELs at baseline: please confirm <b>against the scan</b>");
        assertThat(browser.all(By.cssSelector("form.raise-query"))).isEmpty(); // the site answers; it does not raise
        browser.submit(By.linkText("Query " + raised.id() + " awaits the site's answer"));
        browser.type("answer", "Confirmed on the scan: 40 lesions.");
        browser.submit(By.cssSelector("form.answer button[type=submit]"));
        assertThat(browser.text(By.id("query-status"))).isEqualTo("answered");
        browser.open(formPage);
        assertThat(browser.text(By.cssSelector(".field.queried"))).contains("Query " + raised.id() + " answered, awaiting the data manager");

        browser.signOut();
        browser.signIn(users.username("datamanager"), PASSWORD);
        browser.open("/studies/mesems/queries/" + raised.id());
        browser.submit(By.cssSelector("form.reopen button[type=submit]"));
        assertThat(browser.text(By.id("reopen-error"))).isEqualTo("is required: what the site is asked now");
        browser.type("reopen-question", "Was the scan read centrally?");
        browser.submit(By.cssSelector("form.reopen button[type=submit]"));
        assertThat(browser.text(By.id("query-status"))).isEqualTo("open");
        assertThat(browser.text(By.id("event-reopened"))).contains("Re-opened by " + users.username("datamanager"),
                "Was the scan read centrally?");

        browser.signOut();
        browser.signIn(users.username("coordinator"), PASSWORD);
        browser.open(formPage);
        assertThat(browser.text(By.cssSelector(".field.queried"))).contains("Was the scan read centrally?");
        browser.screenshot("field-query");
        browser.open("/studies/mesems/queries/" + raised.id());
        browser.type("answer", "Yes, by the central reading centre.");
        browser.submit(By.cssSelector("form.answer button[type=submit]"));
        assertThat(browser.text(By.id("event-answered-2"))).contains("Yes, by the central reading centre.");

        // the whole thread in the audit trail: raised, answered, re-opened, answered again
        List<AuditEntry> trail = audit.history("data_query", Long.toString(raised.id()));
        assertThat(trail.stream().filter(e -> "status".equals(e.field())).map(AuditEntry::newValue))
                .containsExactly("OPEN", "ANSWERED", "OPEN", "ANSWERED");
        assertThat(queries.find("mesems", raised.id(), Caller.SYSTEM).thread()).extracting(e -> e.kind().name())
                .containsExactly("RAISED", "ANSWERED", "REOPENED", "ANSWERED");
    }

    @Test
    void theDataManagerFiltersTheCrossSiteViewsAndRunsTheEditChecksOnce() {
        String subject = enrolled();
        // the harvest dated after the first infusion breaks HARVEST-BEFORE-INFUSION once both forms are saved
        coordinator.put(STUDY + "/subjects/" + subject + "/visits/BMH/forms/bone_marrow_harvest", Map.of("values",
                Map.of("harvest_date", "2026-05-20", "volume_ml", 60, "complications", false)));
        coordinator.put(STUDY + "/subjects/" + subject + "/visits/W0/forms/treatment_administration", Map.of("values",
                Map.of("administration_date", "2026-05-18", "kit_number", "K-0001", "dose_cells_per_kg", 1500000,
                        "route", "intravenous", "infusion_reaction", false)));
        long harvest = recordOf(subject, "bone_marrow_harvest");
        // raised when the infusion was saved, after its save committed
        assertThat(queries.notClosedOnRecord("mesems", harvest, Caller.SYSTEM)).singleElement().satisfies(q -> {
            assertThat(q.editCheck()).isEqualTo("HARVEST-BEFORE-INFUSION");
            assertThat(q.field()).isEqualTo("harvest_date");
            assertThat(q.raisedBy()).isEqualTo("system");
        });

        browser.signIn(users.username("datamanager"), PASSWORD);
        browser.open("/studies/mesems/data-management");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Data management of study mesems");
        new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("filter-site"))).selectByValue("07");
        new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("filter-visit"))).selectByValue("W0");
        browser.submit(By.id("apply-filter"));
        assertThat(browser.path()).startsWith("/studies/mesems/data-management?siteId=07&visitId=W0");
        assertThat(browser.text(By.id("completeness-07-W0-treatment_administration"))).contains("week 0 (first infusion)",
                "study infusion (blinded)");
        assertThat(browser.all(By.cssSelector("#completeness tr[id^='completeness-01']"))).isEmpty();
        assertThat(browser.text(By.id("overdue-" + subject + "-W0-edss"))).contains(subject, "EDSS and Kurtzke functional systems");
        assertThat(browser.driver().findElement(By.id("completeness-csv")).getAttribute("href"))
                .endsWith("/studies/mesems/data-management/completeness.csv?siteId=07&visitId=W0");
        assertThat(browser.text(By.id("ageing-07-open"))).contains("07", "the site");
        assertThat(browser.text(By.id("check-HARVEST-BEFORE-INFUSION"))).contains("harvest < infusion_w0");
        browser.screenshot("data-management");

        browser.submit(By.id("run-checks"));
        // run again on demand: the finding was raised when the form was saved, so nothing is raised twice
        assertThat(browser.text(By.id("check-run"))).contains("0 new queries").containsPattern("[1-9]\\d* raised before");
        assertThat(queries.notClosedOnRecord("mesems", harvest, Caller.SYSTEM)).hasSize(1);
        assertThat(jdbc.sql("select count(*) from edit_check_finding where subject_id = ?").param(subject).query(Integer.class).single())
                .isEqualTo(1);

        browser.chooseLanguage("de");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Datenmanagement der Studie mesems");
        browser.open("/studies/mesems/data-management?visitId=W99");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Ungültige Eingabe"); // an unknown visit is invalid input
    }

    @Test
    void siteRolesHaveNoDataManagementPage() {
        browser.signIn(users.username("coordinator"), PASSWORD);
        browser.open("/studies/mesems/sites/07");
        assertThat(browser.all(By.linkText("Data management"))).isEmpty();
        browser.open("/studies/mesems/data-management");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Not allowed");
        browser.signOut();
        browser.signIn(users.username("monitor"), PASSWORD);
        browser.open("/studies/mesems/sites/07");
        browser.submit(By.linkText("Data management"));
        assertThat(browser.all(By.id("run-checks"))).isEmpty(); // the monitor reads; the data manager runs the checks
    }

    private long recordOf(String subject, String formId) {
        JsonNode forms = coordinator.get(STUDY + "/subjects/" + subject + "/forms").body();
        return forms.valueStream().filter(n -> n.get("formId").asString().equals(formId)).findFirst().orElseThrow().get("id").asLong();
    }

    private String enrolled() {
        JsonNode screened = coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-05-01",
                "plannedRandomisationDate", "2026-05-18", "data", Patients.eligibleRrms())).body();
        String id = screened.get("id").asString();
        assertThat(coordinator.post(STUDY + "/subjects/" + id + "/enrolment", Map.of("consentDate", "2026-05-02",
                "dayZero", "2026-05-18", "version", screened.get("version").asInt())).status()).isEqualTo(200);
        return id;
    }
}
