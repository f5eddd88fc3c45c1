package org.harmonia.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The audit trail page: a data manager filters a subject's trail down to one field's correction, pages, exports the
 * same filter as CSV, verifies the chain and reads the last verification's result; bad filters are shown next to their
 * field; site staff get no page. axe-core checks every page visited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class AuditTrailPageTest {
    static final String STUDY = "/api/studies/mesems";
    static final String PASSWORD = "correct horse battery";
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
    void aDataManagerFiltersASubjectsTrailExportsItAndVerifiesTheChain() {
        String subject = enrolled();
        long mri = coordinator.put(STUDY + "/subjects/" + subject + "/visits/W4/forms/mri", Map.of("values",
                Map.of("scan_date", "2026-05-18", "field_strength", "3 T", "gel_count", 2))).body().get("record").get("id").asLong();
        assertThat(coordinator.put(STUDY + "/form-records/" + mri, Map.of("values", Map.of("gel_count", 3), "version", 1,
                "reason", "=HYPERLINK(\"x\") recounted, twice")).status()).isEqualTo(200);

        browser.signIn(users.username("datamanager"), PASSWORD);
        browser.open("/studies/mesems/audit?subject=" + subject);
        assertThat(browser.text(By.id("rows-heading"))).contains("page 1 of 1");
        assertThat(browser.text(By.id("audit-rows"))).contains("form_record " + mri, "gel_count", "subject " + subject);

        browser.type("filter-field", "gel_count").type("filter-action", "update");
        browser.submit(By.id("apply-filter"));
        assertThat(browser.text(By.id("rows-heading"))).startsWith("1 rows");
        assertThat(browser.text(By.id("audit-rows"))).contains("UPDATE", "2", "3", "recounted", users.username("coordinator"));
        browser.screenshot("audit-trail");

        String csv = browser.driver().findElement(By.id("export-csv")).getAttribute("href");
        assertThat(csv).contains("/api/audit/export?studyId=mesems", "subjectId=" + subject, "field=gel_count", "action=update");
        ApiClient.Response export = dataManager.get(csv.substring(csv.indexOf("/api/")));
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.text()).startsWith("seq,recorded_at,actor,action,study_id,site_id,entity_type,entity_id,field,old_value,"
                + "new_value,reason\r\n");
        assertThat(export.text().lines()).hasSize(2);
        // a formula typed into a form is never run by the spreadsheet that opens the export
        assertThat(export.text()).contains(",2,3,\"'=HYPERLINK(\"\"x\"\") recounted, twice\"");

        browser.submit(By.id("verify-now"));
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("The audit chain is intact.");
        assertThat(browser.text(By.id("chain-status"))).startsWith("Intact when last verified").contains(users.username("datamanager"));
        JsonNode last = dataManager.get("/api/audit/verifications/last").body();
        assertThat(last.get("checkedBy").asString()).isEqualTo(users.username("datamanager"));
        assertThat(last.get("result").get("intact").asBoolean()).isTrue();
    }

    @Test
    void aBlindedReaderSeesTheRandomisationRowWithoutItsStratum() {
        ApiClient statistician = coordinator.as(users.token("statistician", "mesems", Role.UNBLINDED_STATISTICIAN, null));
        assertThat(statistician.post(STUDY + "/randomisation/list", Map.of("lengthPerStratum", 4)).status()).isIn(201, 409);
        String subject = enrolled();
        assertThat(coordinator.post(STUDY + "/subjects/" + subject + "/randomisation", Map.of()).status()).isEqualTo(200);
        browser.signIn(users.username("datamanager"), PASSWORD);
        browser.open("/studies/mesems/audit?subject=" + subject + "&action=RANDOMISED");
        assertThat(browser.text(By.id("audit-rows"))).contains("RANDOMISED", "[randomisation detail concealed], kit ");
        assertThat(browser.source()).doesNotContainIgnoringCase("stratum");
    }

    @Test
    void aBadFilterIsShownNextToItsFieldAndSiteStaffGetNoPage() {
        browser.signIn(users.username("datamanager"), PASSWORD);
        browser.open("/studies/mesems/audit?from=2026-02-30&action=DROP%20TABLE");
        assertThat(browser.text(By.id("filter-from-error"))).contains("2026-02-30");
        assertThat(browser.all(By.id("audit-rows"))).isEmpty();
        browser.open("/studies/mesems/audit?page=0");
        assertThat(browser.text(By.id("filter-errors"))).contains("page");
        browser.signOut();
        browser.signIn(users.username("coordinator"), PASSWORD);
        browser.open("/studies/mesems/audit");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Not allowed");
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
