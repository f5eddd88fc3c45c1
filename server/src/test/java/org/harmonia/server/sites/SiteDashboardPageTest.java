package org.harmonia.server.sites;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
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
 * A Stockholm coordinator's dashboard in the browser (today is 2026-06-15): an unfinished screening, the visits
 * of a subject with day 0 four weeks ago, a query from the data manager and a serious AE on its 24-hour clock;
 * then the same page in each of the seven languages, with no untranslated text and no accessibility violation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class SiteDashboardPageTest {
    static final String STUDY = "/api/studies/mesems";
    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    TestUsers users;
    ApiClient coordinator;
    ApiClient dataManager;

    @BeforeEach
    void setUp() {
        users = new TestUsers(userService);
        coordinator = new ApiClient(port, users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07"));
        dataManager = coordinator.as(users.token("datamanager", "mesems", Role.CENTRAL_DATA_MANAGER, null));
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
    void showsWhatTheSiteHasToDoToday() {
        Map<String, Object> incomplete = Patients.eligibleRrms();
        incomplete.remove("egfr");
        String unfinished = coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-06-10",
                "plannedRandomisationDate", "2026-06-20", "data", incomplete)).body().get("id").asString();
        JsonNode screened = coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-05-01",
                "plannedRandomisationDate", "2026-05-18", "data", Patients.eligibleRrms())).body();
        String id = screened.get("id").asString();
        assertThat(coordinator.post(STUDY + "/subjects/" + id + "/enrolment", Map.of("consentDate", "2026-05-02",
                "dayZero", "2026-05-18", "version", screened.get("version").asInt())).status()).isEqualTo(200);
        long mri = coordinator.put(STUDY + "/subjects/" + id + "/visits/W0/forms/mri", Map.of("values",
                Map.of("scan_date", "2026-05-18", "field_strength", "3 T", "gel_count", 40))).body().get("record").get("id").asLong();
        assertThat(dataManager.post(STUDY + "/queries", Map.of("formRecordId", mri, "field", "gel_count",
                "question", "40 GELs <b>unusual</b>: please confirm")).status()).isEqualTo(201);
        Map<String, Object> sae = new HashMap<>(Map.of("verbatim_term", "pneumonia", "soc", "Infections and infestations",
                "onset_date", "2026-06-12", "severity", "severe", "ctcae_grade", 3, "serious", true,
                "sc_hospitalisation", true, "relatedness", "unlikely", "action_taken", "not applicable", "outcome", "recovering"));
        assertThat(coordinator.post(STUDY + "/subjects/" + id + "/adverse-events", Map.of("values", sae)).status()).isEqualTo(201);

        browser.signIn(users.username("coordinator"), "correct horse battery");
        assertThat(browser.path()).isEqualTo("/studies/mesems/sites/07");
        String page = browser.text(By.tagName("main"));
        assertThat(browser.text(By.cssSelector(".cards li"))).isEqualTo(unfinished + " in screening");
        assertThat(row("visits", id, "week 4")).contains("Jun 15, 2026", "Jun 8, 2026 to Jun 22, 2026", "due");
        assertThat(row("visits", id, "bone-marrow harvest")).contains("overdue");
        // week 0 was held (its MRI is saved); other tests' subjects at this site may still be overdue for theirs
        assertThat(page).doesNotContain(id + " week 0");
        assertThat(row("queries", id, "gel_count")).contains("40 GELs <b>unusual</b>: please confirm");
        assertThat(row("sae", id, "pneumonia")).contains("24 h 0 min left");
        assertThat(page).doesNotContain(unfinished + " week");
        browser.screenshot("site-dashboard");

        for (String language : new String[] {"it", "es", "fr", "de", "sv", "da", "en"}) {
            browser.chooseLanguage(language);
            assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(language);
            if (language.equals("de")) {
                assertThat(row("visits", id, "Woche 4")).contains("08.06.2026 bis 22.06.2026", "fällig");
                assertThat(row("sae", id, "pneumonia")).contains("noch 24 Std. 0 Min.");
            }
        }
    }

    @Test
    void anotherSitesDashboardIsNotFound() {
        browser.signIn(users.username("coordinator"), "correct horse battery");
        browser.open("/studies/mesems/sites/05");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Not found");
        assertThat(browser.source()).doesNotContain("Danish MS Center");
    }

    /** The text of the row of a dashboard table (by its heading id) that holds all the given texts. */
    private static String row(String table, String... texts) {
        return browser.all(By.cssSelector("table[aria-labelledby='" + table + "'] tbody tr")).stream()
                .map(r -> r.getText())
                .filter(t -> java.util.Arrays.stream(texts).allMatch(t::contains))
                .findFirst().orElseThrow(() -> new AssertionError("no row with " + String.join(", ", texts) + " in " + table));
    }
}
