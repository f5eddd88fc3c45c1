package org.harmonia.server.subjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.randomisation.RandomisationService;
import org.harmonia.server.randomisation.RandomisationViews.ListRequest;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.harmonia.server.visits.FormRecord;
import org.harmonia.server.visits.FormService;
import org.harmonia.server.web.Browser;
import org.harmonia.trial.subject.SubjectStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A Stockholm coordinator works on the one page of a subject enrolled with day 0 on 2026-05-18 (today is 2026-06-15,
 * 10:00 UTC): records week 4 as done and the bone-marrow harvest as missed, reports adverse events from the form the
 * protocol defines (a missing required value refused by its field, a serious one starting its 24-hour clock that the
 * dashboard then lists), withdraws a subject, reloads a randomisation result and records a completion. axe-core
 * checks every page visited; no page a blinded coordinator sees names an arm. Its own database: the randomisation list is generated once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"harmonia.protocols=../protocols",
        "harmonia.test.database=subject-page"})
@Import(FixedClockConfiguration.class)
@DirtiesContext
class SubjectPageTest {
    static final String STUDY = "/studies/mesems";
    static Browser browser;
    static TestUsers users;
    static String coordinatorToken;

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    SubjectService subjects;

    @Autowired
    FormService forms;

    @Autowired
    RandomisationService randomisation;

    @BeforeEach
    void setUp() {
        if (users == null) {
            users = new TestUsers(userService);
            coordinatorToken = users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07");
            users.token("statistician", "mesems", Role.UNBLINDED_STATISTICIAN, null);
            users.token("monitor", "mesems", Role.MONITOR, null);
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
    void aCoordinatorRecordsOneVisitDoneAndAnotherMissed() {
        String id = enrolled();
        signIn();
        browser.open(STUDY + "/subjects/" + id);
        assertThat(browser.text(By.id("visit-W4"))).contains("due");
        // week 0's pregnancy test and laboratory tests are both taken on the laboratory form: offered once
        assertThat(browser.all(By.cssSelector("#visit-W0 a[href$='/visits/W0/forms/laboratory']"))).hasSize(1);

        browser.submit(By.id("record-W4"));
        assertThat(browser.path()).isEqualTo(STUDY + "/subjects/" + id + "/visits/W4");
        browser.submit(By.id("record-visit"));
        assertThat(browser.text(By.id("status-error"))).isEqualTo("must be done or missed");
        browser.driver().findElement(By.id("status-done")).click();
        browser.submit(By.id("record-visit"));
        assertThat(browser.text(By.id("visitDate-error"))).isEqualTo("a visit done needs its date");
        assertThat(browser.driver().findElement(By.id("visitDate")).getAttribute("aria-describedby")).isEqualTo("visitDate-error");
        date("visitDate", "2026-06-15");
        browser.submit(By.id("record-visit"));
        assertThat(browser.path()).isEqualTo(STUDY + "/subjects/" + id + "#visit-W4");
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("The visit was recorded.");
        assertThat(browser.text(By.id("visit-W4"))).contains("done", "on Jun 15, 2026").doesNotContain("outside its window");

        // the harvest's window has closed: missed, and the reason is required
        assertThat(browser.text(By.id("visit-BMH"))).contains("overdue");
        browser.submit(By.id("record-BMH"));
        browser.driver().findElement(By.id("status-missed")).click();
        browser.submit(By.id("record-visit"));
        assertThat(browser.text(By.id("note-error"))).isEqualTo("say why the visit was missed");
        browser.driver().findElement(By.id("status-missed")).click();
        browser.type("note", "the patient was abroad");
        browser.submit(By.id("record-visit"));
        assertThat(browser.text(By.id("visit-BMH"))).contains("missed").doesNotContain("overdue");
        assertThat(forms.visitRecord("mesems", id, "BMH", Caller.SYSTEM).orElseThrow().note()).isEqualTo("the patient was abroad");

        // week 0 has no window: a day late is accepted, and the schedule says so
        browser.submit(By.id("record-W0"));
        browser.driver().findElement(By.id("status-done")).click();
        date("visitDate", "2026-05-19");
        browser.submit(By.id("record-visit"));
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("The visit was recorded; its date lies outside its window.");
        assertThat(browser.text(By.id("visit-W0"))).contains("done", "on May 19, 2026", "outside its window");
    }

    @Test
    void aNonSeriousAdverseEventIsRefusedWithoutItsTermThenSavedAndCorrected() {
        String id = enrolled();
        signIn();
        browser.open(STUDY + "/subjects/" + id);
        browser.submit(By.id("add-adverse_event"));
        assertThat(browser.path()).isEqualTo(STUDY + "/subjects/" + id + "/forms/adverse_event/new");
        // the choices come from the protocol's form definition, not from the template
        assertThat(new Select(browser.driver().findElement(By.id("field-soc"))).getOptions()).hasSize(28);
        assertThat(browser.driver().findElement(By.id("field-ctcae_grade")).getAttribute("max")).isEqualTo("5");
        assertThat(browser.all(By.id("field-sc_hospitalisation"))).hasSize(1);
        assertThat(new Select(browser.driver().findElement(By.id("field-visit"))).getFirstSelectedOption().getText()).startsWith("week 4");

        Map<String, String> headache = adverseEvent("headache", "no");
        headache.remove("verbatim_term");
        fill(headache);
        browser.submit(By.cssSelector("form.entry button[type=submit]"));
        assertThat(browser.text(By.id("field-verbatim_term-error"))).isNotBlank();
        assertThat(browser.driver().findElement(By.id("field-verbatim_term")).getAttribute("aria-describedby"))
                .isEqualTo("field-verbatim_term-error");
        assertThat(new Select(browser.driver().findElement(By.id("field-soc"))).getFirstSelectedOption().getText())
                .isEqualTo("Nervous system disorders");
        assertThat(forms.bySubject("mesems", id, true, Caller.SYSTEM)).isEmpty();

        browser.type("field-verbatim_term", "headache");
        browser.submit(By.cssSelector("form.entry button[type=submit]"));
        assertThat(browser.path()).startsWith(STUDY + "/form-records/");
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("The form was saved.");
        assertThat(browser.all(By.id("expedited-report"))).isEmpty();
        FormRecord saved = forms.bySubject("mesems", id, false, Caller.SYSTEM).get(0);
        assertThat(saved.visitId()).isEqualTo("W4");

        // a correction needs its reason, like any saved form
        browser.type("field-ctcae_grade", "2");
        browser.submit(By.cssSelector("form.entry button[type=submit]"));
        assertThat(browser.text(By.id("reason-error"))).isNotBlank();
        browser.type("field-ctcae_grade", "2").type("reason", "grade re-assessed by the investigator");
        browser.submit(By.cssSelector("form.entry button[type=submit]"));
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("The correction was saved.");
        assertThat(forms.get("mesems", saved.id(), Caller.SYSTEM).values()).containsEntry("ctcae_grade", "2");

        browser.submit(By.linkText("Back to subject " + id));
        assertThat(browser.text(By.cssSelector("#records-adverse_event tbody tr")))
                .contains("headache", "Jun 10, 2026", "2", "no", "week 4", "Open record " + saved.id());

        // voided with a reason: it stays readable on its own page but leaves the subject's list
        browser.submit(By.linkText("Open record " + saved.id()));
        browser.type("void-reason", "reported for the wrong subject");
        browser.submit(By.cssSelector("form.void button[type=submit]"));
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("The record was voided; it stays visible to auditors.");
        assertThat(browser.text(By.id("voided"))).endsWith("reported for the wrong subject");
        assertThat(browser.all(By.cssSelector("form.entry"))).isEmpty();
        browser.submit(By.linkText("Back to subject " + id));
        assertThat(browser.all(By.id("records-adverse_event"))).isEmpty();
    }

    @Test
    void aSeriousAdverseEventStartsItsClockAndReachesTheDashboard() {
        String id = enrolled();
        signIn();
        browser.open(STUDY + "/subjects/" + id);
        browser.submit(By.id("add-adverse_event"));
        Map<String, String> pneumonia = adverseEvent("pneumonia", "yes");
        pneumonia.putAll(Map.of("soc", "Infections and infestations", "severity", "severe", "ctcae_grade", "3", "outcome", "recovering"));
        fill(pneumonia);
        // a serious event needs a seriousness criterion: the protocol's check, by its field
        browser.submit(By.cssSelector("form.entry button[type=submit]"));
        assertThat(browser.text(By.id("field-serious-error"))).isEqualTo("a serious adverse event needs at least one seriousness criterion");
        fill(Map.of("sc_hospitalisation", "yes"));
        browser.submit(By.cssSelector("form.entry button[type=submit]"));
        assertThat(browser.text(By.id("expedited-report")))
                .contains("This serious adverse event started its expedited report.", "Jun 16, 2026", "24 h 0 min left");
        browser.screenshot("adverse-event");

        // reopened later, the clock still shows; the notice that it started does not
        browser.open(browser.path());
        assertThat(browser.text(By.id("sae-time-left"))).isEqualTo("24 h 0 min left");
        assertThat(browser.text(By.id("expedited-report"))).doesNotContain("started");

        browser.open(STUDY + "/sites/07");
        assertThat(browser.all(By.cssSelector("table[aria-labelledby='sae'] tbody tr")).stream().map(r -> r.getText()))
                .anySatisfy(row -> assertThat(row).contains(id, "pneumonia", "24 h 0 min left"));
    }

    @Test
    void anAdverseEventReportedThroughTheApiIsListedOnTheSubjectPage() {
        String id = enrolled();
        Map<String, Object> values = new HashMap<>(adverseEvent("fall with fracture", "yes"));
        values.put("sc_hospitalisation", "yes");
        ApiClient.Response r = new ApiClient(port, coordinatorToken).post("/api/studies/mesems/subjects/" + id + "/adverse-events?visit=W4",
                Map.of("values", values));
        assertThat(r.status()).isEqualTo(201);
        long recordId = r.body().get("saved").get("record").get("id").asLong();
        assertThat(r.body().get("expeditedReport").get("formRecordId").asLong()).isEqualTo(recordId);

        signIn();
        browser.open(STUDY + "/subjects/" + id);
        assertThat(browser.text(By.cssSelector("#records-adverse_event tbody tr"))).contains("fall with fracture", "yes", "week 4");
        browser.screenshot("subject-page");

        // in Italian the protocol's own texts follow the page's language; the values entered stay as entered
        language("it");
        assertThat(browser.text(By.id("log-adverse_event"))).contains("evento avverso");
        assertThat(browser.text(By.cssSelector("#records-adverse_event tbody tr"))).contains("fall with fracture", "settimana 4");
        language("en");

        browser.submit(By.linkText("Open record " + recordId));
        assertThat(browser.text(By.id("sae-time-left"))).isEqualTo("24 h 0 min left");
    }

    @Test
    void aCoordinatorWithdrawsASubjectAfterConfirming() {
        String id = enrolled();
        signIn();
        browser.open(STUDY + "/subjects/" + id);
        browser.submit(By.id("withdraw-link"));
        assertThat(browser.path()).isEqualTo(STUDY + "/subjects/" + id + "/withdrawal");
        assertThat(subjects.get("mesems", id, Caller.SYSTEM).status()).isEqualTo(SubjectStatus.ENROLLED);
        date("exit-date", "2026-06-14");
        browser.submit(By.id("confirm-exit"));
        assertThat(browser.text(By.id("exit-reason-error"))).isEqualTo("a withdrawal needs its reason");
        assertThat(browser.driver().findElement(By.id("exit-reason")).getAttribute("aria-describedby")).isEqualTo("exit-reason-error");
        browser.type("exit-reason", "consent withdrawn <b>by the patient</b>");
        browser.submit(By.id("confirm-exit"));
        assertThat(browser.path()).isEqualTo(STUDY + "/subjects/" + id);
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("The subject was withdrawn from the study.");
        assertThat(browser.text(By.id("subject-status"))).isEqualTo("withdrawn");
        assertThat(browser.text(By.id("end-reason"))).isEqualTo("consent withdrawn <b>by the patient</b>");
        // nothing more to record for a subject who left
        assertThat(browser.all(By.id("withdraw-link"))).isEmpty();
        assertThat(browser.all(By.id("record-W4"))).isEmpty();
        assertThat(browser.all(By.id("add-adverse_event"))).isEmpty();
    }

    @Test
    void theRandomisationResultReloadsWithoutErrorAndNamesNoArm() {
        String id = enrolled();
        signIn();
        browser.open(STUDY + "/subjects/" + id);
        assertThat(browser.all(By.id("withdraw-link"))).hasSize(1);
        browser.submit(By.id("randomise-link"));
        browser.submit(By.id("confirm"));
        assertThat(browser.path()).isEqualTo(STUDY + "/subjects/" + id + "/randomisation");
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("Subject " + id + " is randomised.");
        String kit = browser.text(By.id("kit"));
        assertThat(kit).isNotBlank();
        blinded(browser.source());

        browser.driver().navigate().refresh();
        browser.checked();
        assertThat(browser.text(By.id("kit"))).isEqualTo(kit);
        assertThat(browser.text(By.id("randomised-subject"))).isEqualTo(id);
        assertThat(browser.text(By.tagName("h1"))).doesNotContain("Not", "Conflict");
        blinded(browser.source());

        // the confirmation posted a second time (another tab, the back button): the same kit, nothing new allocated
        post(STUDY + "/subjects/" + id + "/randomisation");
        assertThat(browser.path()).isEqualTo(STUDY + "/subjects/" + id + "/randomisation");
        assertThat(browser.text(By.id("kit"))).isEqualTo(kit);
        assertThat(randomisation.allocated("mesems", id, userService.caller(users.username("coordinator"))).kitNumber()).isEqualTo(kit);

        browser.open(STUDY + "/subjects/" + id);
        assertThat(browser.text(By.id("subject-status"))).isEqualTo("randomised");
        assertThat(browser.all(By.id("complete-link"))).hasSize(1);
        blinded(browser.source());
        browser.submit(By.id("randomisation-result"));
        assertThat(browser.text(By.id("kit"))).isEqualTo(kit);

        // completion, once confirmed with its date
        browser.open(STUDY + "/subjects/" + id);
        browser.submit(By.id("complete-link"));
        assertThat(browser.all(By.id("exit-reason"))).isEmpty();
        browser.submit(By.id("confirm-exit"));
        assertThat(browser.text(By.id("exit-date-error"))).isEqualTo("is required");
        date("exit-date", "2026-06-15");
        browser.submit(By.id("confirm-exit"));
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("The subject completed the study.");
        assertThat(browser.text(By.id("subject-status"))).isEqualTo("completed");
        assertThat(browser.all(By.id("complete-link"))).isEmpty();
    }

    @Test
    void aMonitorReadsTheSubjectPageButMayNotWithdrawOrReport() {
        String id = enrolled();
        browser.signIn(users.username("monitor"), "correct horse battery");
        browser.open(STUDY + "/subjects/" + id);
        assertThat(browser.text(By.id("subject-status"))).isEqualTo("enrolled, awaiting randomisation");
        assertThat(browser.all(By.id("withdraw-link"))).isEmpty();
        assertThat(browser.all(By.id("add-adverse_event"))).isEmpty();
        assertThat(browser.all(By.id("record-W4"))).isEmpty();
        browser.open(STUDY + "/subjects/" + id + "/withdrawal");
        assertThat(subjects.get("mesems", id, Caller.SYSTEM).status()).isEqualTo(SubjectStatus.ENROLLED);
        assertThat(browser.all(By.id("confirm-exit"))).isEmpty();
    }

    private void signIn() {
        browser.signIn(users.username("coordinator"), "correct horse battery");
    }

    private String enrolled() {
        Subject s = subjects.screen("mesems", new ScreeningRequest("07", LocalDate.parse("2026-05-01"), LocalDate.parse("2026-05-18"),
                Patients.eligibleRrms()), Caller.SYSTEM);
        return subjects.enrol("mesems", s.id(), new Enrolment(LocalDate.parse("2026-05-02"), LocalDate.parse("2026-05-18"), s.version()),
                Caller.SYSTEM).id();
    }

    /** Picks the user's language in the navigation bar, which brings the user back to the same page. */
    private static void language(String code) {
        browser.chooseLanguage(code);
        assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(code);
    }

    private static Map<String, String> adverseEvent(String term, String serious) {
        Map<String, String> ae = new HashMap<>(Map.of("verbatim_term", term, "soc", "Nervous system disorders",
                "onset_date", "2026-06-10", "severity", "mild", "ctcae_grade", "1", "serious", serious,
                "relatedness", "unlikely", "action_taken", "none", "outcome", "recovered"));
        return ae;
    }

    /** Fills the generated form's inputs by field name: choices and yes/no picked, dates set as a date picker does. */
    private static void fill(Map<String, String> values) {
        values.forEach((k, v) -> {
            var e = browser.driver().findElement(By.id("field-" + k));
            if ("select".equals(e.getTagName())) {
                new Select(e).selectByValue(v);
            } else if ("date".equals(e.getAttribute("type"))) {
                date("field-" + k, v);
            } else {
                browser.type("field-" + k, v);
            }
        });
    }

    /** Posts an empty form with the page's CSRF token to a path, as a second click on a stale page does, and waits for the answer. */
    private static void post(String path) {
        var old = browser.driver().findElement(By.tagName("html"));
        ((JavascriptExecutor) browser.driver()).executeScript("""
                const f = document.createElement('form');
                f.method = 'post';
                f.action = arguments[0];
                const t = document.createElement('input');
                t.type = 'hidden';
                t.name = '_csrf';
                t.value = document.querySelector('meta[name=csrf-token]').content;
                f.appendChild(t);
                document.body.appendChild(f);
                f.submit();
                """, path);
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(15)).until(d -> {
            try {
                old.isEnabled();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException gone) {
                return true;
            }
        });
        browser.checked();
    }

    private static void date(String id, String iso) {
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1]",
                browser.driver().findElement(By.id(id)), iso);
    }

    /** No arm, sequence or stratum anywhere in the page source, hidden parts included. */
    private static void blinded(String source) {
        for (String word : ScreeningPagesTest.BLINDED_WORDS) {
            assertThat(source).doesNotContainIgnoringCase(word);
        }
        assertThat(source).doesNotContainPattern("(?i)\\barms?\\b");
    }
}
