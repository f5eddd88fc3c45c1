package org.harmonia.server.randomisation;

import static org.assertj.core.api.Assertions.assertThat;


import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.operations.SharedSessions;
import org.harmonia.server.randomisation.RandomisationViews.ListRequest;
import org.harmonia.server.randomisation.RandomisationViews.UnblindedAllocation;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.harmonia.server.subjects.SubjectService;
import org.harmonia.server.web.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * A Stockholm investigator unblinds one subject in an emergency through both steps and sees that subject's
 * treatment and nothing else; a second unblinding is recorded again, as through the API. A coordinator, an
 * investigator of another site and an investigator who did not unblind get no treatment. Its own database:
 * the list is generated once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"harmonia.protocols=../protocols",
        "harmonia.test.database=emergency-unblinding-page"})
@Import(FixedClockConfiguration.class)
@DirtiesContext
class EmergencyUnblindingPageTest {
    static final String STUDY = "/api/studies/mesems";
    static final String REASON = "anaphylaxis <b>grade 4</b>: the emergency physician must know whether cells were given";
    static Browser browser;
    static TestUsers users;
    static ApiClient coordinator;

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    RandomisationService randomisation;

    @Autowired
    SubjectService subjects;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void setUp() {
        if (users == null) {
            users = new TestUsers(userService);
            coordinator = new ApiClient(port, users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07"));
            users.token("investigator", "mesems", Role.SITE_INVESTIGATOR, "07");
            users.token("investigator2", "mesems", Role.SITE_INVESTIGATOR, "07");
            users.token("investigatorgenoa", "mesems", Role.SITE_INVESTIGATOR, "01");
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
    void anInvestigatorUnblindsOneSubjectThroughBothStepsAndSeesThatTreatmentOnly() throws Exception {
        String before = randomised();
        String id = randomised();
        String after = randomised();
        UnblindedAllocation truth = randomisation.allocationOf("mesems", id, Caller.SYSTEM);
        String otherSequence = truth.sequenceLabel().equals("MSC then placebo") ? "placebo then MSC" : "MSC then placebo";
        String page = "/studies/mesems/subjects/" + id + "/emergency-unblinding";

        browser.signIn(users.username("investigator"), "correct horse battery");
        browser.open(page);
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Emergency unblinding of subject " + id);
        assertThat(browser.text(By.tagName("main"))).contains("The treatment of subject " + id + " becomes known to you.",
                "recorded in the audit trail", "The sponsor's central team is notified at once.");

        // nothing given: each refusal by its field, and nothing revealed or recorded
        browser.submit(By.id("review"));
        assertThat(browser.text(By.id("reason-error"))).isEqualTo("emergency unblinding needs its medical reason");
        assertThat(browser.text(By.id("understood-error"))).isEqualTo("Tick the box to confirm that you understand.");
        assertThat(browser.text(By.id("subjectNumber-error"))).isEqualTo("This is not the number of the subject being unblinded.");
        assertThat(browser.driver().findElement(By.id("reason")).getAttribute("aria-describedby")).isEqualTo("reason-error");
        assertThat(browser.driver().findElement(By.id("understood")).getAttribute("aria-describedby")).isEqualTo("understood-error");
        assertThat(browser.driver().findElement(By.id("subjectNumber")).getAttribute("aria-describedby")).contains("subjectNumber-error");

        // the wrong subject's number typed: still step 1
        browser.type("reason", REASON).type("subjectNumber", before);
        browser.driver().findElement(By.id("understood")).click();
        browser.submit(By.id("review"));
        assertThat(browser.text(By.id("step"))).isEqualTo("Step 1 of 2");
        assertThat(browser.text(By.id("subjectNumber-error"))).isEqualTo("This is not the number of the subject being unblinded.");
        assertThat(browser.driver().findElement(By.id("reason")).getAttribute("value")).isEqualTo(REASON);
        assertThat(unblindings(id)).isZero();

        browser.type("subjectNumber", id);
        browser.submit(By.id("review"));
        assertThat(browser.text(By.id("step"))).isEqualTo("Step 2 of 2");
        assertThat(browser.text(By.id("confirm-subject"))).isEqualTo(id);
        assertThat(browser.text(By.id("confirm-reason"))).isEqualTo(REASON);
        browser.screenshot("emergency-unblinding");
        assertThat(unblindings(id)).isZero();
        assertBlindedPage(truth, before, after);
        assertThat(browser.source()).doesNotContain(truth.sequenceLabel());

        browser.submit(By.id("confirm"));
        assertThat(browser.path()).isEqualTo(page + "/result");
        assertThat(browser.text(By.id("unblinded-subject"))).isEqualTo(id);
        assertThat(browser.text(By.id("treatment"))).isEqualTo(truth.sequenceLabel());
        assertThat(browser.text(By.id("periods"))).isEqualTo(String.join("\n", truth.armsByPeriod()));
        assertBlindedPage(truth, before, after);
        assertThat(browser.source()).doesNotContain(otherSequence);
        assertThat(unblindings(id)).isEqualTo(1);
        assertThat(subjects.get("mesems", id, Caller.SYSTEM).emergencyUnblinded()).isTrue();
        assertThat(resultHeaders(page + "/result").firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));

        // a second unblinding of the same subject: allowed and recorded again, as the API does
        browser.open(page);
        assertThat(browser.text(By.id("already"))).contains("already been unblinded");
        browser.type("reason", "second episode").type("subjectNumber", id);
        browser.driver().findElement(By.id("understood")).click();
        browser.submit(By.id("review"));
        browser.submit(By.id("confirm"));
        assertThat(browser.text(By.id("treatment"))).isEqualTo(truth.sequenceLabel());
        assertThat(unblindings(id)).isEqualTo(2);
    }

    @Test
    void aCoordinatorGetsNoUnblindingPageAndNoTreatment() {
        String id = randomised();
        UnblindedAllocation truth = randomisation.allocationOf("mesems", id, Caller.SYSTEM);
        String page = "/studies/mesems/subjects/" + id + "/emergency-unblinding";
        browser.signIn(users.username("coordinator"), "correct horse battery");
        for (String path : List.of(page, page + "/result")) {
            browser.open(path);
            assertThat(browser.text(By.tagName("h1"))).isEqualTo("Not allowed");
            assertThat(browser.source()).doesNotContain("Emergency unblinding of").doesNotContain(truth.sequenceLabel())
                    .doesNotContain("textarea");
        }
        assertThat(unblindings(id)).isZero();
    }

    @Test
    void anotherSitesInvestigatorFindsNoSubjectAndAColleagueSeesNoResult() {
        String id = randomised();
        UnblindedAllocation truth = randomisation.allocationOf("mesems", id, Caller.SYSTEM);
        String page = "/studies/mesems/subjects/" + id + "/emergency-unblinding";
        browser.signIn(users.username("investigatorgenoa"), "correct horse battery");
        browser.open(page);
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Not found");
        assertThat(browser.source()).doesNotContain(truth.sequenceLabel());

        // an investigator of the same site who has not unblinded this subject is refused its result
        browser.submit(By.cssSelector("form.signout button"));
        browser.signIn(users.username("investigator2"), "correct horse battery");
        browser.open(page + "/result");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Not allowed");
        assertThat(browser.source()).doesNotContain(truth.sequenceLabel());
    }

    @Test
    void aSubjectNotYetRandomisedHasNothingToRevealAndNothingIsRecorded() {
        String id = enrolled();
        browser.signIn(users.username("investigator"), "correct horse battery");
        browser.open("/studies/mesems/subjects/" + id + "/emergency-unblinding");
        browser.type("reason", REASON).type("subjectNumber", id);
        browser.driver().findElement(By.id("understood")).click();
        browser.submit(By.id("review"));
        browser.submit(By.id("confirm"));
        assertThat(browser.text(By.id("step"))).isEqualTo("Step 1 of 2");
        assertThat(browser.text(By.id("subject-error"))).startsWith("subject " + id + " is ").endsWith(" and has no allocation to reveal");
        assertThat(unblindings(id)).isZero();
    }

    /** No list position, block, stratum, sequence code or kit, and no other subject, anywhere in the page's source. */
    private static void assertBlindedPage(UnblindedAllocation truth, String... otherSubjects) {
        String source = browser.source();
        assertThat(source).doesNotContainIgnoringCase("block").doesNotContainIgnoringCase("position")
                .doesNotContainIgnoringCase("stratum").doesNotContain(truth.sequenceId()).doesNotContain(truth.kitNumber());
        for (String other : otherSubjects) {
            assertThat(source).doesNotContain(other);
        }
    }

    private int unblindings(String subjectId) {
        return jdbc.sql("select count(*) from emergency_unblinding where study_id = 'mesems' and subject_id = ?")
                .param(subjectId).query(Integer.class).single();
    }

    /** The result's response headers, fetched with the browser's own session. */
    private java.net.http.HttpHeaders resultHeaders(String path) throws Exception {
        Cookie session = browser.driver().manage().getCookieNamed(SharedSessions.COOKIE);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Cookie", SharedSessions.COOKIE + "=" + session.getValue()).GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers();
    }

    private String enrolled() {
        JsonNode s = coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-06-01",
                "plannedRandomisationDate", "2026-06-20", "data", Patients.eligibleRrms())).body();
        String id = s.get("id").asString();
        assertThat(coordinator.post(STUDY + "/subjects/" + id + "/enrolment", Map.of("consentDate", "2026-06-02",
                "dayZero", "2026-06-08", "version", s.get("version").asInt())).status()).isEqualTo(200);
        return id;
    }

    private String randomised() {
        String id = enrolled();
        ApiClient.Response r = coordinator.post(STUDY + "/subjects/" + id + "/randomisation", Map.of());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return id;
    }
}
