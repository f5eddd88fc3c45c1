package org.harmonia.server.queries;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
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
import tools.jackson.databind.JsonNode;

/**
 * A query's life in the browser (today is 2026-06-15): the data manager raises it on the week-0 MRI of a Stockholm
 * subject; the coordinator finds it on the dashboard, is refused an empty answer next to the field,
 * answers, and reads the thread; the data manager closes it from its page; the closed query shows under its filter.
 * A monitor reads without a form; another site's coordinator finds nothing. axe-core checks every page visited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class QueryPagesTest {
    static final String STUDY = "/api/studies/mesems";
    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    QueryService queries;

    TestUsers users;
    ApiClient coordinator;
    ApiClient dataManager;

    @BeforeEach
    void setUp() {
        users = new TestUsers(userService);
        coordinator = new ApiClient(port, users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07"));
        dataManager = coordinator.as(users.token("datamanager", "mesems", Role.CENTRAL_DATA_MANAGER, null));
        users.token("monitor", "mesems", Role.MONITOR, null);
        users.token("coordinatorgenoa", "mesems", Role.SITE_COORDINATOR, "01");
        users.token("statistician", "mesems", Role.UNBLINDED_STATISTICIAN, null);
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
    void theSiteAnswersAQueryAndTheDataManagerClosesIt() {
        String subject = enrolled();
        long queryId = raiseOnWeekZeroMri(subject);
        String page = "/studies/mesems/queries/" + queryId;
        String question = question(subject);

        browser.signIn(users.username("coordinator"), "correct horse battery");
        browser.submit(By.linkText(question)); // the dashboard's open query links to its page
        assertThat(browser.path()).isEqualTo(page);
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Query " + queryId + " on subject " + subject);
        assertThat(browser.text(By.id("query-status"))).isEqualTo("open");
        assertThat(browser.text(By.tagName("main"))).contains("week 0", "brain MRI", "gadolinium-enhancing lesions");
        assertThat(browser.driver().findElement(By.id("form-link")).getAttribute("href"))
                .endsWith("/studies/mesems/subjects/" + subject + "/visits/W0/forms/mri");
        assertThat(browser.text(By.id("event-raised"))).contains("Raised by " + users.username("datamanager"), question);
        assertThat(browser.all(By.cssSelector("form.close"))).isEmpty(); // the site answers; only the data manager closes

        browser.submit(By.cssSelector("form.answer button[type=submit]"));
        assertThat(browser.path()).isEqualTo(page + "/answer");
        assertThat(browser.text(By.id("answer-error"))).isEqualTo("is required");
        assertThat(browser.driver().findElement(By.id("answer")).getAttribute("aria-describedby")).contains("answer-error");

        // the API's limit for text that may span lines: longer is refused before any page is reached
        assertThat(browser.driver().findElement(By.id("answer")).getAttribute("maxlength")).isEqualTo("4000");
        assertThat(queries.find("mesems", queryId, Caller.SYSTEM).status()).isEqualTo(QueryStatus.OPEN);

        browser.type("answer", "Confirmed on the scan: 40 lesions, <i>as entered</i>.");
        browser.submit(By.cssSelector("form.answer button[type=submit]"));
        assertThat(browser.path()).isEqualTo(page);
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("Your answer was sent to the data manager.");
        assertThat(browser.text(By.id("query-status"))).isEqualTo("answered");
        assertThat(browser.text(By.id("event-answered")))
                .contains("Answered by " + users.username("coordinator"), "Confirmed on the scan: 40 lesions, <i>as entered</i>.");
        assertThat(browser.all(By.cssSelector("form.answer"))).isEmpty();
        browser.screenshot("query");

        browser.submit(By.cssSelector("form.signout button"));
        browser.signIn(users.username("datamanager"), "correct horse battery");
        browser.open(page);
        browser.type("note", "Source verified by the monitor.");
        browser.submit(By.cssSelector("form.close button[type=submit]"));
        assertThat(browser.text(By.id("query-status"))).isEqualTo("closed");
        assertThat(browser.text(By.id("event-closed")))
                .contains("Closed by " + users.username("datamanager"), "Source verified by the monitor.");
        assertThat(queries.find("mesems", queryId, Caller.SYSTEM).status()).isEqualTo(QueryStatus.CLOSED);

        browser.submit(By.cssSelector("form.signout button"));
        browser.signIn(users.username("coordinator"), "correct horse battery");
        browser.submit(By.linkText("Queries"));
        assertThat(browser.path()).isEqualTo("/studies/mesems/sites/07/queries");
        assertThat(browser.all(By.id("query-" + queryId))).isEmpty(); // open ones by default
        browser.submit(By.id("filter-closed"));
        assertThat(browser.text(By.id("query-" + queryId))).contains(subject, "week 0", "brain MRI",
                "gadolinium-enhancing lesions", question);
        browser.submit(By.linkText(question));
        assertThat(browser.path()).isEqualTo(page);
    }

    @Test
    void theOpenListShowsAgeAndWhereTheFieldIs() {
        String subject = enrolled();
        long queryId = raiseOnWeekZeroMri(subject);
        String question = question(subject);
        browser.signIn(users.username("coordinator"), "correct horse battery");
        browser.open("/studies/mesems/sites/07/queries");
        assertThat(browser.text(By.id("query-" + queryId))).contains(subject, "week 0", "brain MRI", "gadolinium-enhancing lesions",
                question);
        assertThat(browser.driver().findElement(By.cssSelector("#query-" + queryId + " a[href$='/forms/mri']")).getAttribute("href"))
                .endsWith("/studies/mesems/subjects/" + subject + "/visits/W0/forms/mri");
        // the protocol's own texts in the page's language
        browser.chooseLanguage("it");
        assertThat(browser.text(By.id("query-" + queryId))).contains("risonanza magnetica cerebrale", "lesioni captanti gadolinio");
        assertThat(browser.text(By.tagName("h1"))).startsWith("Query del centro 07");
        browser.open("/studies/mesems/sites/07/queries?status=whatever");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Dati non validi"); // an unknown filter is invalid input, in Italian
    }

    @Test
    void aMonitorReadsTheQueryWithoutAnyForm() {
        String subject = enrolled();
        long queryId = raiseOnWeekZeroMri(subject);
        browser.signIn(users.username("monitor"), "correct horse battery");
        browser.open("/studies/mesems/queries/" + queryId);
        assertThat(browser.text(By.id("event-raised"))).contains(question(subject));
        assertThat(browser.all(By.tagName("textarea"))).isEmpty();
    }

    @Test
    void anAnswerToAQueryClosedMeanwhileIsRefusedAndTheQueryShownAsItIsNow() {
        String subject = enrolled();
        long queryId = raiseOnWeekZeroMri(subject);
        browser.signIn(users.username("coordinator"), "correct horse battery");
        browser.open("/studies/mesems/queries/" + queryId);
        int version = queries.find("mesems", queryId, Caller.SYSTEM).version();
        assertThat(dataManager.post(STUDY + "/queries/" + queryId + "/close", Map.of("note", "resolved by phone",
                "version", version)).status()).isEqualTo(200);
        browser.type("answer", "Confirmed on the scan.");
        browser.submit(By.cssSelector("form.answer button[type=submit]"));
        assertThat(browser.text(By.id("conflict"))).contains("answered or closed this query after you opened it");
        assertThat(browser.text(By.id("query-status"))).isEqualTo("closed");
        assertThat(browser.text(By.id("event-closed"))).contains("resolved by phone");
        assertThat(browser.all(By.cssSelector("form.answer"))).isEmpty();
        assertThat(queries.find("mesems", queryId, Caller.SYSTEM).answer()).isNull();
    }

    @Test
    void aRoleThatMayNotReadQueriesHasNoQueriesLinkAndNoQueriesPage() {
        browser.signIn(users.username("statistician"), "correct horse battery");
        browser.open("/studies/mesems/sites/07");
        assertThat(browser.all(By.linkText("Queries"))).isEmpty();
        assertThat(browser.all(By.id("all-queries"))).isEmpty();
        browser.open("/studies/mesems/sites/07/queries");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Not allowed");
    }

    @Test
    void anotherSitesQueryIsNotFound() {
        long queryId = raiseOnWeekZeroMri(enrolled());
        browser.signIn(users.username("coordinatorgenoa"), "correct horse battery");
        browser.open("/studies/mesems/queries/" + queryId);
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Not found");
        assertThat(browser.source()).doesNotContain("unusual");
        browser.open("/studies/mesems/sites/07/queries");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Not found");
    }

    /** Free text with markup, which every page must show as typed; one per subject, so each test finds its own. */
    private static String question(String subject) {
        return "40 GELs <b>unusual</b> for " + subject + ": please confirm against the scan";
    }

    private String enrolled() {
        JsonNode screened = coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-05-01",
                "plannedRandomisationDate", "2026-05-18", "data", Patients.eligibleRrms())).body();
        String id = screened.get("id").asString();
        assertThat(coordinator.post(STUDY + "/subjects/" + id + "/enrolment", Map.of("consentDate", "2026-05-02",
                "dayZero", "2026-05-18", "version", screened.get("version").asInt())).status()).isEqualTo(200);
        return id;
    }

    private long raiseOnWeekZeroMri(String subject) {
        long mri = coordinator.put(STUDY + "/subjects/" + subject + "/visits/W0/forms/mri", Map.of("values",
                Map.of("scan_date", "2026-05-18", "field_strength", "3 T", "gel_count", 40))).body().get("record").get("id").asLong();
        ApiClient.Response raised = dataManager.post(STUDY + "/queries", Map.of("formRecordId", mri, "field", "gel_count",
                "question", question(subject)));
        assertThat(raised.status()).as(raised.text()).isEqualTo(201);
        return raised.body().get("id").asLong();
    }
}
