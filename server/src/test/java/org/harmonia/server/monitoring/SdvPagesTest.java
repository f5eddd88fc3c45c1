package org.harmonia.server.monitoring;

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
 * Source data verification in the browser (today is 2026-06-15): the monitor finds a week-4 visit on the work list,
 * verifies it whole; the coordinator sees it verified on the form, changes a verified value, and is told the
 * verification is gone; the monitor's list asks for it again. Progress, findings and refusals; axe-core on every page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class SdvPagesTest {
    static final String STUDY = "/api/studies/mesems";
    static final String PASSWORD = "correct horse battery";
    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    SdvService sdv;

    TestUsers users;
    ApiClient coordinator;

    @BeforeEach
    void setUp() {
        users = new TestUsers(userService);
        coordinator = new ApiClient(port, users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07"));
        users.token("monitor", "mesems", Role.MONITOR, null);
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
    void aMonitorVerifiesAVisitTheSiteChangesAVerifiedValueAndTheVerificationIsGone() {
        String subject = enrolled();
        long mri = save(subject, "mri", Map.of("scan_date", "2026-05-18", "field_strength", "3 T", "gel_count", 2));
        long edss = save(subject, "edss", Map.of("assessment_date", "2026-05-18", "edss", 3.5));
        String visitPage = "/studies/mesems/subjects/" + subject + "/visits/W4/sdv";

        browser.signIn(users.username("monitor"), PASSWORD);
        browser.open("/studies/mesems/sites/07/sdv");
        assertThat(browser.text(By.id("item-" + mri))).contains(subject, "week 4", "brain MRI", "in full", "to verify");
        browser.submit(By.cssSelector("#item-" + mri + " a"));
        assertThat(browser.path()).isEqualTo(visitPage);
        assertThat(browser.text(By.id("field-" + mri + "-gel_count"))).contains("gadolinium-enhancing lesions", "2", "not verified");
        browser.submit(By.id("verify-visit"));
        assertThat(browser.path()).isEqualTo(visitPage);
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("Verified against the source.");
        assertThat(browser.text(By.id("record-" + mri + "-status"))).isEqualTo("The whole record is verified.");
        assertThat(browser.text(By.id("record-" + edss + "-status"))).isEqualTo("The whole record is verified.");
        browser.screenshot("sdv-visit");
        browser.signOut();

        browser.signIn(users.username("coordinator"), PASSWORD);
        String form = "/studies/mesems/subjects/" + subject + "/visits/W4/forms/mri";
        browser.open(form);
        assertThat(browser.text(By.id("sdv-status"))).contains("The whole record was verified by " + users.username("monitor"));
        assertThat(browser.all(By.id("sdv-verify-link"))).isEmpty(); // the site reads the status; only the monitor verifies
        browser.type("field-gel_count", "3").type("reason", "recounted on the scan");
        browser.submit(By.cssSelector("form.entry button[type=submit]"));
        assertThat(browser.path()).isEqualTo(form);
        assertThat(browser.text(By.id("sdv-status"))).contains("The verification of the whole record was removed: "
                + users.username("coordinator") + " changed a verified value");
        browser.screenshot("sdv-removed-on-form");
        browser.signOut();

        browser.signIn(users.username("monitor"), PASSWORD);
        browser.open("/studies/mesems/sites/07/sdv");
        assertThat(browser.text(By.id("reverify"))).contains("lost a verification");
        assertThat(browser.text(By.id("item-" + mri))).contains("verify again", "whole record");
        browser.screenshot("sdv-work-list");
        browser.submit(By.id("filter-all")); // the week-4 EDSS is in the sample or not; every saved record is on this list
        assertThat(browser.text(By.id("item-" + edss))).contains("verified").doesNotContain("verify again");
        browser.open(visitPage);
        assertThat(browser.text(By.id("record-" + mri + "-status")))
                .isEqualTo("A verification was removed because the site changed a verified value.");
        assertThat(browser.text(By.id("field-" + mri + "-gel_count"))).contains("3", "verification removed: value changed");
        assertThat(sdv.ofRecord("mesems", mri, Caller.SYSTEM)).singleElement()
                .satisfies(v -> assertThat(v.removedReason()).isEqualTo(Verification.RemovalReason.VALUE_CHANGED));

        // verify one field again, then record a finding on it
        browser.driver().findElement(By.id("tick-" + mri + "-gel_count")).click();
        browser.submit(By.id("verify-fields-" + mri));
        assertThat(browser.text(By.id("field-" + mri + "-gel_count"))).contains("verified").doesNotContain("removed");
        browser.type("finding-" + mri, "The radiology report counts 3 <b>lesions</b>.");
        browser.submit(By.id("record-finding-" + mri));
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("The finding was recorded.");
        browser.open("/studies/mesems/sites/07/sdv");
        assertThat(browser.text(By.tagName("main"))).contains("The radiology report counts 3 <b>lesions</b>.");
    }

    @Test
    void progressBySiteAndVisitInItalianAndAnEmptyFindingIsRefusedNextToItsField() {
        String subject = enrolled();
        long mri = save(subject, "mri", Map.of("scan_date", "2026-05-18", "field_strength", "3 T", "gel_count", 1));
        browser.signIn(users.username("monitor"), PASSWORD);
        browser.open("/studies/mesems/sdv");
        assertThat(browser.text(By.id("progress-07-W4"))).contains("07", "week 4");
        assertThat(browser.text(By.id("plan"))).contains("SCR", "EP-GEL", "20%");
        browser.chooseLanguage("it");
        assertThat(browser.text(By.id("progress-07-W4"))).contains("settimana 4");
        browser.open("/studies/mesems/subjects/" + subject + "/visits/W4/sdv");
        browser.submit(By.id("record-finding-" + mri));
        assertThat(browser.text(By.id("finding-error-" + mri))).isNotBlank();
        browser.chooseLanguage("en");
    }

    @Test
    void aRoleWithoutVerificationStatusGetsNoPageAndTheSiteCannotVerify() {
        String subject = enrolled();
        save(subject, "mri", Map.of("scan_date", "2026-05-18", "field_strength", "3 T", "gel_count", 1));
        browser.signIn(users.username("statistician"), PASSWORD);
        browser.open("/studies/mesems/sites/07/sdv");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Not allowed");
        browser.signOut();
        browser.signIn(users.username("coordinator"), PASSWORD);
        browser.open("/studies/mesems/subjects/" + subject + "/visits/W4/sdv");
        assertThat(browser.all(By.id("verify-visit"))).isEmpty();
        assertThat(browser.all(By.cssSelector("input[type=checkbox]"))).isEmpty();
    }

    private long save(String subject, String form, Map<String, Object> values) {
        ApiClient.Response r = coordinator.put(STUDY + "/subjects/" + subject + "/visits/W4/forms/" + form, Map.of("values", values));
        assertThat(r.status()).as(r.text()).isIn(200, 201);
        return r.body().get("record").get("id").asLong();
    }

    private String enrolled() {
        JsonNode screened = coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-04-01",
                "plannedRandomisationDate", "2026-04-20", "data", Patients.eligibleRrms())).body();
        String id = screened.get("id").asString();
        assertThat(coordinator.post(STUDY + "/subjects/" + id + "/enrolment", Map.of("consentDate", "2026-04-02",
                "dayZero", "2026-04-20", "version", screened.get("version").asInt())).status()).isEqualTo(200);
        return id;
    }
}
