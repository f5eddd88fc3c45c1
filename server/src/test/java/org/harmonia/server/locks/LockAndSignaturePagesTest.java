package org.harmonia.server.locks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.harmonia.server.signatures.Signature;
import org.harmonia.server.signatures.SignatureService;
import org.harmonia.server.web.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Locks and signatures in the browser (today is 2026-06-15): the data manager locks the database from the locks page
 * while a coordinator has a form open, and the coordinator's save is refused with a message naming the lock; an
 * investigator signs a casebook with the password, and a later correction shows the signature broken and asks for a
 * new one. axe-core checks every page visited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"harmonia.protocols=../protocols",
        "harmonia.test.database=lock-pages"})
@Import(FixedClockConfiguration.class)
@DirtiesContext
class LockAndSignaturePagesTest {
    static final String STUDY = "/api/studies/mesems";
    static final String PASSWORD = "correct horse battery";
    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    LockService locks;

    @Autowired
    SignatureService signatures;

    TestUsers users;
    ApiClient coordinator;
    ApiClient dataManager;

    @BeforeEach
    void setUp() {
        users = new TestUsers(userService);
        coordinator = new ApiClient(port, users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07"));
        dataManager = coordinator.as(users.token("datamanager", "mesems", Role.CENTRAL_DATA_MANAGER, null));
        users.token("investigator", "mesems", Role.SITE_INVESTIGATOR, "07");
        if (browser == null) {
            browser = Browser.start(port);
        }
        browser.driver().manage().deleteAllCookies();
        for (DataLock l : locks.list("mesems", true, Caller.SYSTEM)) {
            locks.unlock("mesems", l.id(), new LockRequests.Unlock("test set-up", l.version()), Caller.SYSTEM);
        }
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @Test
    void aStudyLockRefusesASitesSaveWithAClearMessage() {
        String subject = enrolled();
        String form = "/studies/mesems/subjects/" + subject + "/visits/W0/forms/edss";
        browser.signIn(users.username("coordinator"), PASSWORD);
        browser.open(form);
        assertThat(browser.all(By.id("lock-notice"))).isEmpty();
        // a date input takes typed text in the browser's own format; set the ISO value as a date picker does
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1]",
                browser.driver().findElement(By.id("field-assessment_date")), "2026-05-18");
        browser.type("field-edss", "3.5");

        // meanwhile the data manager locks the database from the locks page
        org.harmonia.server.web.Browser other = Browser.start(port);
        try {
            other.signIn(users.username("datamanager"), PASSWORD);
            other.open("/studies/mesems/locks");
            assertThat(other.text(By.id("no-locks"))).isEqualTo("Nothing has been locked.");
            other.submit(By.cssSelector("#lock-study button[type=submit]"));
            assertThat(other.text(By.id("lock-errors"))).contains("name", "reason");
            other.type("study-name", "Final analysis");
            other.type("study-reason", "last patient's last visit done; all queries closed");
            other.submit(By.cssSelector("#lock-study button[type=submit]"));
            assertThat(other.path()).isEqualTo("/studies/mesems/locks");
            assertThat(other.text(By.cssSelector("p.notice"))).matches("Lock \\d+ taken\\.");
            assertThat(other.text(By.tagName("table"))).contains("Database lock \"Final analysis\"", "locked");
            other.screenshot("database-lock");
        } finally {
            other.close();
        }

        browser.submit(By.cssSelector("form.entry button[type=submit]"));
        assertThat(browser.text(By.id("lock-notice"))).contains("Not saved: these data are locked",
                "The study is locked: database lock \"Final analysis\"", users.username("datamanager"),
                "last patient's last visit done", "until a data manager unlocks them");
        // the entries stay in the form, nothing was stored
        assertThat(browser.driver().findElement(By.id("field-edss")).getAttribute("value")).isEqualTo("3.5");
        assertThat(coordinator.get(STUDY + "/subjects/" + subject + "/forms").body().size()).isZero();
        browser.screenshot("locked-save-refused");

        // the notice shows on the page before anyone types, too
        browser.open(form);
        assertThat(browser.text(By.id("lock-notice"))).contains("The study is locked").doesNotContain("Not saved");
        browser.chooseLanguage("de");
        assertThat(browser.text(By.id("lock-notice"))).contains("Die Studie ist gesperrt");
    }

    @Test
    void anInvestigatorSignsACasebookAndALaterChangeBreaksTheSignature() {
        String subject = enrolled();
        long record = coordinator.put(STUDY + "/subjects/" + subject + "/visits/W0/forms/edss", Map.of("values",
                Map.of("assessment_date", "2026-05-18", "edss", 3.5))).body().get("record").get("id").asLong();
        String page = "/studies/mesems/subjects/" + subject + "/signatures";

        browser.signIn(users.username("investigator"), PASSWORD);
        browser.open("/studies/mesems/subjects/" + subject);
        browser.submit(By.id("signatures-link"));
        assertThat(browser.path()).isEqualTo(page);
        assertThat(browser.text(By.id("no-signatures"))).isEqualTo("The casebook has not been signed.");
        assertThat(browser.text(By.id("casebook-content"))).contains("subject: \"" + subject + "\"", "\"edss\": \"3.5\"");

        // a wrong password signs nothing
        browser.driver().findElement(By.id("sign-meaning")).click();
        browser.type("sign-password", "not my password");
        browser.submit(By.cssSelector("#sign button[type=submit]"));
        assertThat(browser.text(By.id("password-error"))).contains("wrong password");
        assertThat(signatures.bySubject("mesems", subject, Caller.SYSTEM)).isEmpty();

        browser.driver().findElement(By.id("sign-meaning")).click();
        browser.type("sign-password", PASSWORD);
        browser.submit(By.cssSelector("#sign button[type=submit]"));
        assertThat(browser.path()).isEqualTo(page);
        Signature signed = signatures.bySubject("mesems", subject, Caller.SYSTEM).get(0);
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("Signature " + signed.id() + " recorded.");
        assertThat(browser.text(By.id("signature-" + signed.id()))).contains(users.username("investigator"), "the whole casebook",
                "I confirm the data are accurate and complete", signed.contentSha256(), "valid");
        browser.screenshot("casebook-signed");

        assertThat(coordinator.put(STUDY + "/form-records/" + record, Map.of("values", Map.of("edss", 4.0), "version", 1,
                "reason", "transcription error")).status()).isEqualTo(200);
        browser.open(page);
        assertThat(browser.text(By.id("signature-" + signed.id()))).contains("broken: a new signature is needed",
                "form record " + record);
        assertThat(browser.text(By.id("new-signature-needed"))).contains("a new signature");
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
