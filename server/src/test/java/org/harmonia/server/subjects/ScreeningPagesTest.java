package org.harmonia.server.subjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.randomisation.RandomisationService;
import org.harmonia.server.randomisation.RandomisationViews.ListRequest;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.harmonia.server.web.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A Stockholm coordinator screens patients in the browser (today is 2026-06-15): an ineligible one, whose failing
 * criterion and its reason show while typing; an eligible one first refused by a screening check, saved incomplete,
 * finished from the dashboard, enrolled and randomised with a confirmation step, seeing the subject and the kit and
 * nothing of the allocation. Another site's subject is not found. Its own database: the list is generated once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"harmonia.protocols=../protocols",
        "harmonia.test.database=screening-pages"})
@Import(FixedClockConfiguration.class)
@DirtiesContext
class ScreeningPagesTest {
    static final String[] BLINDED_WORDS = {"MSC-PLACEBO", "PLACEBO-MSC", "MSC then placebo", "placebo then MSC", "sequence", "stratum"};
    static final String SITE = "/studies/mesems/sites/07";
    static Browser browser;
    static TestUsers users;
    static String genoaToken;

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    RandomisationService randomisation;

    @BeforeEach
    void setUp() {
        if (users == null) {
            users = new TestUsers(userService);
            users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07");
            genoaToken = users.token("coordinatorgenoa", "mesems", Role.SITE_COORDINATOR, "01");
            users.token("statistician", "mesems", Role.UNBLINDED_STATISTICIAN, null);
            randomisation.generate("mesems", new ListRequest(null, 20), userService.caller(users.username("statistician")));
        }
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
        users = null;
    }

    @Test
    void aCoordinatorScreensEnrolsAndRandomises() {
        browser.signIn(users.username("coordinator"), "correct horse battery");
        browser.submit(By.linkText("Screen a patient"));
        assertThat(browser.path()).isEqualTo(SITE + "/screenings/new");

        // an ineligible patient: the verdict names the criterion and the value that decided it while typing
        Map<String, Object> tooDisabled = Patients.eligibleRrms();
        tooDisabled.put("edss", "7.0");
        dates("2026-06-15", "2026-06-20");
        fill(tooDisabled);
        waitFor(criterion("EDSS 7.0 is above the maximum 6.5"), "not met");
        waitFor(By.id("verdict-outcome"), "Not eligible");
        browser.checked();
        browser.submit(By.cssSelector("#screening-form button[type=submit]"));
        assertThat(browser.text(By.id("subject-status"))).isEqualTo("screen failure");
        assertThat(browser.all(By.cssSelector("ul.criteria li"))).hasSize(1);
        assertThat(browser.text(criterion("EDSS 7.0 is above the maximum 6.5"))).contains("not met");

        // an eligible patient: a screening check's message shows next to its field, and nothing is saved
        browser.submit(By.linkText("Screen a patient"));
        Map<String, Object> patient = Patients.eligibleRrms();
        patient.put("relapses_24m", 0);
        patient.remove("egfr");
        dates("2026-06-15", "2026-06-20");
        fill(patient);
        browser.submit(By.cssSelector("#screening-form button[type=submit]"));
        assertThat(browser.path()).isEqualTo(SITE + "/screenings/new");
        assertThat(browser.text(By.id("data-relapses_24m-error"))).contains("include those of the last 12 months");
        assertThat(browser.driver().findElement(By.id("data-relapses_24m")).getAttribute("aria-describedby"))
                .contains("data-relapses_24m-error");

        // corrected but without eGFR: saved in screening, the renal criterion cannot be told yet
        fill(Map.of("relapses_24m", 2));
        waitFor(criterion("eGFR"), "cannot tell yet");
        waitFor(By.id("verdict-outcome"), "Not decided yet: values are missing");
        browser.checked().screenshot("screening");
        browser.submit(By.cssSelector("#screening-form button[type=submit]"));
        String id = browser.text(By.tagName("h1")).replace("Subject ", "");
        // the screen failure was the first subject; the many previews while typing stored nothing
        assertThat(id).isEqualTo("MES-07-002");
        assertThat(browser.text(By.id("subject-status"))).isEqualTo("in screening");

        // finished later, from the dashboard's list
        browser.open(SITE);
        browser.submit(By.linkText(id));
        fill(Map.of("egfr", "92"));
        waitFor(By.id("verdict-outcome"), "Eligible");
        browser.type("reason", "eGFR result arrived");
        browser.submit(By.cssSelector("#screening-form button[type=submit]"));
        assertThat(browser.text(By.id("subject-status"))).isEqualTo("eligible");

        // enrolment: day 0 before consent is refused next to its field
        date("consentDate", "2026-06-14");
        date("dayZero", "2026-06-13");
        browser.submit(By.id("enrol"));
        assertThat(browser.text(By.id("dayZero-error"))).contains("must not be before the consent date");
        date("dayZero", "2026-06-15");
        browser.submit(By.id("enrol"));
        assertThat(browser.text(By.id("subject-status"))).isEqualTo("enrolled, awaiting randomisation");

        // randomisation: a confirmation step, then the subject and its kit only
        browser.submit(By.id("randomise-link"));
        assertThat(browser.source()).doesNotContain("id=\"kit\"");
        browser.submit(By.id("confirm"));
        assertThat(browser.text(By.id("randomised-subject"))).isEqualTo(id);
        assertThat(browser.text(By.id("kit"))).isNotBlank();
        String page = browser.source();
        assertBlinded(page);
        browser.open(SITE + "/subjects/" + id);
        assertThat(browser.text(By.id("subject-status"))).isEqualTo("randomised");
        assertBlinded(browser.source());
    }

    @Test
    void theScreeningPageShowsTheProtocolsOwnTextsInTheUsersLanguage() {
        browser.signIn(users.username("coordinator"), "correct horse battery");
        browser.chooseLanguage("it");
        try {
            screensInItalian();
        } finally {
            browser.chooseLanguage("en");
        }
    }

    private void screensInItalian() {
        browser.open(SITE + "/screenings/new");
        assertThat(browser.text(By.cssSelector("label[for='data-date_of_birth']"))).isEqualTo("data di nascita");
        WebElement rrms = browser.driver().findElement(By.cssSelector("#data-phenotype option[value='RRMS']"));
        assertThat(rrms.getText()).as("the stored value stays the protocol's").isEqualTo("SM recidivante-remittente (SMRR)");

        Map<String, Object> tooDisabled = Patients.eligibleRrms();
        tooDisabled.put("edss", "7.0");
        dates("2026-06-15", "2026-06-20");
        fill(tooDisabled);
        waitFor(criterion("EDSS da 3,0 a 6,5."), "EDSS 7.0");
        browser.checked();
    }

    @Test
    void anotherSitesSubjectIsNotFound() {
        String genoa = new ApiClient(port, genoaToken).post("/api/studies/mesems/screenings", Map.of("siteId", "01",
                "screeningDate", "2026-06-10", "data", Patients.eligibleRrms())).body().get("id").asString();
        browser.signIn(users.username("coordinator"), "correct horse battery");
        for (String path : new String[] {SITE + "/subjects/" + genoa, "/studies/mesems/sites/01/subjects/" + genoa,
                "/studies/mesems/subjects/" + genoa, "/studies/mesems/subjects/" + genoa + "/randomisation",
                "/studies/mesems/subjects/" + genoa + "/withdrawal", "/studies/mesems/sites/01/screenings/new"}) {
            browser.open(path);
            assertThat(browser.text(By.tagName("h1"))).as(path).isEqualTo("Not found");
        }
    }

    /** No allocation, sequence, stratum or arm anywhere in the page source, hidden parts included. */
    private static void assertBlinded(String source) {
        for (String word : BLINDED_WORDS) {
            assertThat(source).doesNotContainIgnoringCase(word);
        }
        assertThat(source).doesNotContainPattern("(?i)\\barms?\\b");
    }

    private static void dates(String screening, String planned) {
        date("screeningDate", screening);
        date("plannedRandomisationDate", planned);
    }

    private static void date(String id, String value) {
        js("arguments[0].value = arguments[1];", browser.driver().findElement(By.id(id)), value);
    }

    /** Enters screening values as a site would (yes/no and choices picked, "never" ticked) and lets the page react. */
    private static void fill(Map<String, Object> data) {
        data.forEach((k, v) -> {
            String text = v instanceof Boolean b ? (b ? "yes" : "no") : String.valueOf(v);
            WebElement never = browser.all(By.id("never-" + k)).stream().findFirst().orElse(null);
            WebElement e = browser.driver().findElement(By.id("data-" + k));
            if ("never".equals(text)) {
                if (!never.isSelected()) {
                    never.click();
                }
            } else if ("select".equals(e.getTagName())) {
                new Select(e).selectByValue(text);
            } else {
                if (never != null && never.isSelected()) {
                    never.click();
                }
                js("arguments[0].value = arguments[1];", e, text);
            }
        });
        js("document.getElementById('screening-form').dispatchEvent(new Event('change', {bubbles: true}));");
    }

    /** The verdict's line about a criterion, found by words of its text or reason. */
    private static By criterion(String words) {
        return By.xpath("//ul[@class='criteria']/li[contains(., '" + words + "')]");
    }

    /** Waits for the live verdict to show a text (it may be replaced several times while the page reacts to the typing). */
    private static void waitFor(By what, String text) {
        try {
            new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElements(what).stream().anyMatch(e -> e.getText().contains(text)));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no " + what + " with " + text + "; verdict: "
                    + js("return document.getElementById('verdict').innerText;"), e);
        }
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser.driver()).executeScript(script, args);
    }
}
