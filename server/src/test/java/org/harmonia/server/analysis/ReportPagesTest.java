package org.harmonia.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.ApiClient.Response;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.audit.AuditEntry;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.locks.DataLock;
import org.harmonia.server.locks.LockRequests;
import org.harmonia.server.locks.LockService;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.harmonia.server.web.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The study reports and the past reports, over real HTTP and in Chromium with axe-core (today is 2026-06-15): every
 * report generated is recorded with the SHA-256 of its HTML and PDF; a blinded caller's list never holds an unblinded
 * report, nor finds one by its number; a report on a database lock is generated again after an unlock and more data
 * entry, and reproduces. A DSMB member opens the closed session's report and downloads its PDF; a coordinator gets the
 * open session's report only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class ReportPagesTest {
    static final String STUDY = "/api/studies/mesems";
    static final String PASSWORD = "correct horse battery";
    static final List<String> ALLOCATION_WORDS = List.of("MSC-PLACEBO", "PLACEBO-MSC", "MSC then placebo", "placebo then MSC");
    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    LockService locks;

    @Autowired
    AuditTrail audit;

    TestUsers users;
    ApiClient coordinator;
    ApiClient dsmb;
    ApiClient statistician;
    ApiClient dataManager;
    ApiClient pharmacist;
    String dsmbToken;

    @BeforeEach
    void setUp() {
        users = new TestUsers(userService);
        coordinator = new ApiClient(port, users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07"));
        dsmbToken = users.token("dsmb", "mesems", Role.DSMB_MEMBER, null);
        dsmb = coordinator.as(dsmbToken);
        statistician = coordinator.as(users.token("statistician", "mesems", Role.UNBLINDED_STATISTICIAN, null));
        dataManager = coordinator.as(users.token("datamanager", "mesems", Role.CENTRAL_DATA_MANAGER, null));
        pharmacist = coordinator.as(users.token("pharmacist", "mesems", Role.UNBLINDED_PHARMACIST, null));
        liftEveryLock();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @Test
    void everyReportIsRecordedAndABlindedCallerNeverSeesAnUnblindedOne() throws Exception {
        Response unblinded = dsmb.get(STUDY + "/reports/unblinded?format=html");
        assertThat(unblinded.status()).isEqualTo(200);
        assertThat(coordinator.get(STUDY + "/reports/blinded?format=html").status()).isEqualTo(200);

        JsonNode dsmbEntry = only(dsmb.get(STUDY + "/reports").body(), users.username("dsmb"));
        assertThat(dsmbEntry.get("kind").asString()).isEqualTo("UNBLINDED");
        assertThat(dsmbEntry.get("channel").asString()).isEqualTo("API");
        assertThat(dsmbEntry.hasNonNull("lockId")).as("a report on live data names no lock").isFalse();
        assertThat(dsmbEntry.get("protocolVersion").asString()).isNotBlank();
        assertThat(dsmbEntry.get("htmlSha256").asString()).isEqualTo(ReportService.sha256(unblinded.text().getBytes(StandardCharsets.UTF_8)));
        assertThat(dsmbEntry.get("pdfSha256").asString()).hasSize(64);
        long dsmbReport = dsmbEntry.get("id").asLong();

        // the DSMB reads unblinded reports only, the unblinded statistician both, the pharmacist none
        assertThat(kinds(dsmb.get(STUDY + "/reports").body())).containsOnly("UNBLINDED");
        assertThat(kinds(statistician.get(STUDY + "/reports").body())).contains("UNBLINDED", "BLINDED");
        assertThat(pharmacist.get(STUDY + "/reports").status()).isEqualTo(403);
        assertThat(pharmacist.get(STUDY + "/reports/past/" + dsmbReport).status()).isEqualTo(403);

        // a blinded caller: no unblinded entry listed, and one asked for by its number is not found, like one that does not exist
        Response blindedList = coordinator.get(STUDY + "/reports");
        assertThat(blindedList.status()).isEqualTo(200);
        assertThat(kinds(blindedList.body())).containsOnly("BLINDED");
        assertThat(blindedList.text()).doesNotContain(users.username("dsmb")).doesNotContain(dsmbEntry.get("htmlSha256").asString());
        JsonNode coordinatorEntry = only(blindedList.body(), users.username("coordinator"));
        assertThat(coordinatorEntry.get("kind").asString()).isEqualTo("BLINDED");
        Response hidden = coordinator.get(STUDY + "/reports/past/" + dsmbReport);
        Response missing = coordinator.get(STUDY + "/reports/past/999999999");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(hidden.body().get("title").asString()).isEqualTo(missing.body().get("title").asString());
        assertThat(coordinator.get(STUDY + "/reports/past/" + dsmbReport + "/reproduction").status()).isEqualTo(404);
        assertThat(dsmb.get(STUDY + "/reports/past/" + dsmbReport).body().get("id").asLong()).isEqualTo(dsmbReport);

        // a report on live data cannot be generated again: the data have changed since
        Response live = dsmb.get(STUDY + "/reports/past/" + dsmbReport + "/reproduction");
        assertThat(live.status()).isEqualTo(409);
        assertThat(live.body().get("detail").asString()).contains("database lock");

        // the audit trail says who generated which report on which data, never its hashes
        List<AuditEntry> audited = audit.history("generated_report", Long.toString(dsmbReport));
        assertThat(audited).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("REPORT_GENERATED");
            assertThat(e.actor()).isEqualTo(users.username("dsmb"));
            assertThat(e.newValue()).contains("unblinded report on live data").doesNotContain(dsmbEntry.get("htmlSha256").asString());
        });
    }

    @Test
    void aReportOnADatabaseLockReproducesAfterAnUnlockAndMoreData() throws Exception {
        Response locked = dataManager.post(STUDY + "/locks", Map.of("scope", "study", "name", "Interim DSMB",
                "reason", "interim analysis for the DSMB"));
        assertThat(locked.status()).as(locked.text()).isEqualTo(201);
        long lockId = locked.body().get("id").asLong();
        byte[] pdf;
        try {
            pdf = bytes(dsmbToken, STUDY + "/reports/unblinded?format=pdf&lock=" + lockId);
        } finally {
            liftEveryLock();
        }
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        JsonNode entry = only(dsmb.get(STUDY + "/reports").body(), users.username("dsmb"));
        assertThat(entry.get("lockId").asLong()).isEqualTo(lockId);
        assertThat(entry.get("lockName").asString()).isEqualTo("Interim DSMB");
        assertThat(entry.get("snapshotTakenAt").asString()).isNotBlank();
        assertThat(entry.get("pdfSha256").asString()).isEqualTo(ReportService.sha256(pdf));

        // the live data move on after the unlock; the report on the lock does not
        enrolled();
        Response again = dsmb.get(STUDY + "/reports/past/" + entry.get("id").asLong() + "/reproduction");
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.body().get("reproduces").asBoolean()).isTrue();
        assertThat(again.body().at("/again/reproducesId").asLong()).isEqualTo(entry.get("id").asLong());
        assertThat(again.body().at("/again/htmlSha256").asString()).isEqualTo(entry.get("htmlSha256").asString());
        assertThat(again.body().at("/again/pdfSha256").asString()).isEqualTo(entry.get("pdfSha256").asString());
        assertThat(again.body().at("/again/id").asLong()).isGreaterThan(entry.get("id").asLong());
    }

    @Test
    void anUnblindedMetaAnalysisOnALockNeedsTheUnblindedPermissionInItsLiveTrialsAsOnLiveData() {
        // the living meta-analysis pools MESEMS live, on a lock of its own as on the live data: its counts by group are
        // MESEMS's allocation, not for a DSMB member of the meta-analysis alone
        ApiClient metaDsmb = coordinator.as(users.token("meta-dsmb", "msc-it-safety", Role.DSMB_MEMBER, null));
        DataLock lock = locks.lock("msc-it-safety", new LockRequests.Lock("study", null, null, "Pooled safety", "DSMB review"),
                Caller.SYSTEM);
        try {
            assertThat(metaDsmb.get("/api/studies/msc-it-safety/reports/unblinded?format=html").status()).isEqualTo(403);
            assertThat(metaDsmb.get("/api/studies/msc-it-safety/reports/unblinded?format=html&lock=" + lock.id()).status())
                    .isEqualTo(403);
        } finally {
            locks.unlock("msc-it-safety", lock.id(), new LockRequests.Unlock("test done", lock.version()), Caller.SYSTEM);
        }
    }

    @Test
    void aDsmbMemberOpensTheClosedSessionReportAndACoordinatorOnlyTheBlindedOne() {
        if (browser == null) {
            browser = Browser.start(port);
        }
        browser.driver().manage().deleteAllCookies();
        DataLock lock = locks.lock("mesems", new LockRequests.Lock("study", null, null, "DSMB meeting", "closed session of the DSMB"),
                Caller.SYSTEM);
        try {
            // the DSMB member works at no site: the start page leads to the study's reports
            browser.signIn(users.username("dsmb"), PASSWORD);
            browser.submit(By.id("reports-mesems"));
            assertThat(browser.path()).isEqualTo("/studies/mesems/reports");
            assertThat(browser.all(By.id("report"))).as("a report is generated when asked for").isEmpty();
            browser.submit(By.id("show-report"));
            assertThat(browser.path()).isEqualTo("/studies/mesems/reports?session=closed&data=live");
            assertThat(browser.all(By.id("session-blinded"))).isEmpty();
            assertThat(browser.driver().findElement(By.id("session-unblinded")).isSelected()).isTrue();
            assertThat(browser.text(By.id("report"))).contains("MESEMS - unblinded report", "UNBLINDED. For the unblinded statistician");
            assertThat(browser.text(By.id("generated"))).matches("Generated and recorded as report \\d+ in the past reports\\.");

            new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("report-data"))).selectByValue(
                    Long.toString(lock.id()));
            browser.submit(By.id("show-report"));
            assertThat(browser.text(By.id("report"))).contains("database lock " + lock.id() + " \"DSMB meeting\"");
            browser.screenshot("report-closed-session");
            String href = browser.driver().findElement(By.id("download-pdf")).getAttribute("href");
            assertThat(href).contains("/api/studies/mesems/reports/unblinded", "format=pdf", "lock=" + lock.id());
            assertThat(download(href)).isEqualTo("application/pdf %PDF-");

            browser.submit(By.id("past-link"));
            String pageReport = browser.text(By.cssSelector("#past-reports tbody tr:nth-child(2)"));
            assertThat(pageReport).contains(users.username("dsmb"), "on a page", "Closed session: unblinded report",
                    "Database lock " + lock.id() + " \"DSMB meeting\"");
            String firstRow = browser.driver().findElement(By.cssSelector("#past-reports tbody tr:nth-child(2)")).getAttribute("id");
            browser.submit(By.id("reproduce-" + firstRow.substring("report-".length())));
            assertThat(browser.text(By.id("verdict"))).startsWith("Reproduces:");
            browser.chooseLanguage("it");
            assertThat(browser.text(By.tagName("h1"))).contains("generato di nuovo");
            browser.chooseLanguage("en");
            browser.signOut();
        } finally {
            liftEveryLock();
        }

        // the coordinator reaches the reports from the navigation bar of the site dashboard: the open session only
        browser.driver().manage().deleteAllCookies();
        browser.signIn(users.username("coordinator"), PASSWORD);
        browser.submit(By.linkText("Reports"));
        assertThat(browser.path()).isEqualTo("/studies/mesems/reports");
        browser.submit(By.id("show-report"));
        assertThat(browser.all(By.id("session-unblinded"))).isEmpty();
        assertThat(browser.text(By.id("report"))).contains("MESEMS - blinded study report");
        String source = browser.source();
        for (String word : ALLOCATION_WORDS) {
            assertThat(source).doesNotContainIgnoringCase(word);
        }
        assertThat(browser.driver().findElement(By.id("download-pdf")).getAttribute("href")).contains("/reports/blinded");
        browser.open("/studies/mesems/reports?session=closed");
        assertThat(browser.title()).startsWith("Error");
        browser.open("/studies/mesems/reports/past");
        assertThat(browser.text(By.id("past-reports"))).doesNotContain("Closed session").doesNotContain(users.username("dsmb"));
        assertThat(browser.all(By.cssSelector("#past-reports td"))).isNotEmpty();
    }

    /** The content type and the first five bytes of a download, fetched by the page's own session. */
    private String download(String href) {
        Object result = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => r.arrayBuffer().then(b => done(r.headers.get('Content-Type') + ' '
                    + String.fromCharCode(...new Uint8Array(b).slice(0, 5)))));
                """, href);
        return String.valueOf(result);
    }

    private byte[] bytes(String token, String path) throws Exception {
        // the ApiClient reads bodies as text; a PDF is bytes
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The newest entry of the list generated by the user. */
    private static JsonNode only(JsonNode list, String username) {
        for (JsonNode e : list) {
            if (e.get("generatedBy").asString().equals(username)) {
                return e;
            }
        }
        throw new AssertionError("no report generated by " + username + " in " + list);
    }

    private static List<String> kinds(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(e -> out.add(e.get("kind").asString()));
        return out;
    }

    private void liftEveryLock() {
        for (DataLock l : locks.list("mesems", true, Caller.SYSTEM)) {
            locks.unlock("mesems", l.id(), new LockRequests.Unlock("test done", l.version()), Caller.SYSTEM);
        }
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
