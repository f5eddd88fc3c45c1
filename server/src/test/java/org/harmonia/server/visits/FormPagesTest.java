package org.harmonia.server.visits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.harmonia.server.subjects.Enrolment;
import org.harmonia.server.subjects.ScreeningRequest;
import org.harmonia.server.subjects.Subject;
import org.harmonia.server.subjects.SubjectService;
import org.harmonia.server.web.Browser;
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

/**
 * A Stockholm coordinator (today is 2026-06-15) opens a subject enrolled with day 0 on 2026-05-18, records the
 * week-4 MRI from the form the protocol defines, is refused an impossible lesion count next to its field, saves
 * a valid one, corrects it with a reason, and meets a colleague's save made in between; another site's subject
 * is not found. axe-core checks every page visited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class FormPagesTest {
    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    SubjectService subjects;

    @Autowired
    FormService forms;

    TestUsers users;

    @BeforeEach
    void setUp() {
        users = new TestUsers(userService);
        users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07");
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
    void coordinatorRecordsAndCorrectsTheWeekFourMri() {
        String id = enrolled("07");
        browser.signIn(users.username("coordinator"), "correct horse battery");
        assertThat(browser.path()).isEqualTo("/studies/mesems/sites/07");
        browser.submit(By.linkText(id)); // the dashboard's visits link to the subject
        assertThat(browser.path()).isEqualTo("/studies/mesems/subjects/" + id);
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Subject " + id);
        assertThat(browser.text(By.id("visit-W4"))).contains("week 4", "Jun 15, 2026", "Jun 8, 2026 to Jun 22, 2026", "due",
                "Enter brain MRI");
        assertThat(browser.text(By.id("visit-BMH"))).contains("overdue");
        assertThat(browser.source()).doesNotContainPattern("(?i)\\b(arm|allocation|sequence|kit)\\b");

        browser.submit(By.cssSelector("#visit-W4 a[href$='/visits/W4/forms/mri']"));
        assertThat(browser.path()).isEqualTo("/studies/mesems/subjects/" + id + "/visits/W4/forms/mri");
        assertThat(browser.driver().findElement(By.id("field-gel_count")).getAttribute("max")).isEqualTo("500");
        assertThat(browser.driver().findElement(By.id("field-gel_count")).getAttribute("step")).isEqualTo("1");
        assertThat(browser.all(By.id("field-gel_count-history-button"))).isEmpty(); // a coordinator may not read the trail
        date("field-scan_date", "2026-06-15");
        new Select(browser.driver().findElement(By.id("field-field_strength"))).selectByValue("3 T");
        browser.type("field-gel_count", "600");
        browser.submit(By.cssSelector("form.entry button[type=submit]"));
        assertThat(browser.text(By.id("field-gel_count-error")))
                .isEqualTo("gadolinium-enhancing lesions 600 is above the highest possible value 500");
        assertThat(browser.driver().findElement(By.id("field-gel_count")).getAttribute("aria-describedby"))
                .contains("field-gel_count-error");
        assertThat(browser.driver().findElement(By.id("field-field_strength")).getAttribute("value")).isEqualTo("3 T");

        browser.type("field-gel_count", "3");
        browser.submit(By.cssSelector("form.entry button[type=submit]"));
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("The form was saved.");
        assertThat(browser.driver().findElement(By.id("field-gel_count")).getAttribute("value")).isEqualTo("3");

        browser.type("field-gel_count", "4");
        browser.submit(By.cssSelector("form.entry button[type=submit]"));
        assertThat(browser.text(By.id("reason-error"))).isNotBlank();
        browser.type("field-gel_count", "4").type("reason", "transcription error, central reading says 4");
        browser.submit(By.cssSelector("form.entry button[type=submit]"));
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("The correction was saved.");
        assertThat(browser.driver().findElement(By.id("field-gel_count")).getAttribute("value")).isEqualTo("4");
        FormRecord stored = forms.atVisit("mesems", id, "W4", "mri", Caller.SYSTEM).record();
        assertThat(stored.values()).containsEntry("gel_count", "4").containsEntry("field_strength", "3 T");
        assertThat(stored.version()).isEqualTo(2);
        browser.screenshot("form-entry");

        // a colleague corrects the record while this page is open: the stale save is refused and both values shown
        forms.saveAtVisit("mesems", id, "W4", "mri", new FormEntry(Map.of("gel_count", 5), 2, "second reading"), Caller.SYSTEM);
        browser.type("field-gel_count", "6").type("reason", "my own reading");
        browser.submit(By.cssSelector("form.entry button[type=submit]"));
        assertThat(browser.text(By.id("conflict"))).contains("version 3", "gadolinium-enhancing lesions 6 5");
        assertThat(forms.atVisit("mesems", id, "W4", "mri", Caller.SYSTEM).record().values()).containsEntry("gel_count", "5");

        browser.submit(By.linkText("Back to subject " + id));
        assertThat(browser.text(By.id("visit-W4"))).contains("Open brain MRI", "done");
    }

    @Test
    void crossFieldChecksWarningsAndVoiding() {
        String id = enrolled("07");
        browser.signIn(users.username("coordinator"), "correct horse battery");
        browser.open("/studies/mesems/subjects/" + id + "/visits/W4/forms/vital_signs");
        browser.type("field-systolic_bp", "120").type("field-diastolic_bp", "130").type("field-heart_rate", "70");
        browser.submit(By.cssSelector("form.entry button[type=submit]"));
        assertThat(browser.text(By.id("field-diastolic_bp-error"))).isEqualTo("the diastolic pressure must be below the systolic");
        assertThat(browser.text(By.id("field-systolic_bp-unit"))).isEqualTo("unit: mmHg");

        browser.type("field-systolic_bp", "150").type("field-diastolic_bp", "80");
        browser.submit(By.cssSelector("form.entry button[type=submit]"));
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("The form was saved.");
        assertThat(browser.text(By.id("field-systolic_bp-warning")))
                .isEqualTo("systolic blood pressure 150 mmHg is above the normal range 90-140 mmHg");

        browser.submit(By.cssSelector("form.void button[type=submit]"));
        assertThat(browser.text(By.id("void-error"))).isEqualTo("a reason is required to void a record");
        browser.type("void-reason", "entered for the wrong subject");
        browser.submit(By.cssSelector("form.void button[type=submit]"));
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("The record was voided; it stays visible to auditors.");
        assertThat(forms.atVisit("mesems", id, "W4", "vital_signs", Caller.SYSTEM).record()).isNull();
        assertThat(browser.driver().findElement(By.id("field-systolic_bp")).getAttribute("value")).isEmpty();

        // a colleague saves the blank form first: this first save is not applied, and both entries are shown
        forms.saveAtVisit("mesems", id, "W4", "vital_signs", new FormEntry(Map.of("systolic_bp", 118, "diastolic_bp", 76,
                "heart_rate", 64), null, null), Caller.SYSTEM);
        browser.type("field-systolic_bp", "121").type("field-diastolic_bp", "76").type("field-heart_rate", "64");
        browser.submit(By.cssSelector("form.entry button[type=submit]"));
        assertThat(browser.text(By.id("conflict"))).contains("version 1", "systolic blood pressure 121 118")
                .doesNotContain("heart rate");
        assertThat(browser.driver().findElement(By.id("reason")).isDisplayed()).isTrue();
        assertThat(forms.atVisit("mesems", id, "W4", "vital_signs", Caller.SYSTEM).record().values()).containsEntry("systolic_bp", "118");

        // every form the protocol plans at a visit is drawn from its definition, and passes axe-core
        browser.open("/studies/mesems/subjects/" + id);
        java.util.Map<String, String> byForm = new java.util.TreeMap<>();
        browser.all(By.cssSelector("a[href*='/forms/']")).forEach(a -> {
            String href = a.getAttribute("href");
            byForm.putIfAbsent(href.substring(href.lastIndexOf('/') + 1), href);
        });
        assertThat(byForm).containsKeys("edss", "mri", "relapse", "vital_signs", "laboratory", "treatment_administration");
        byForm.values().forEach(href -> browser.open(href.substring(href.indexOf("/studies/"))));
        assertThat(browser.all(By.cssSelector("form.entry .field")).size()).isGreaterThan(1);

        for (String language : new String[] {"it", "es", "fr", "de", "sv", "da", "en"}) {
            browser.chooseLanguage(language);
            assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(language);
            browser.open("/studies/mesems/subjects/" + id);
            browser.open("/studies/mesems/subjects/" + id + "/visits/W4/forms/vital_signs");
        }
    }

    @Test
    void aDataManagerReadsAFieldsHistoryButCannotEnter() {
        String id = enrolled("07");
        forms.saveAtVisit("mesems", id, "W4", "mri", new FormEntry(Map.of("scan_date", "2026-06-15", "field_strength", "3 T",
                "gel_count", 3), null, null), Caller.SYSTEM);
        forms.saveAtVisit("mesems", id, "W4", "mri", new FormEntry(Map.of("gel_count", 4), 1, "central reading"), Caller.SYSTEM);
        users.token("datamanager", "mesems", Role.CENTRAL_DATA_MANAGER, null);
        browser.signIn(users.username("datamanager"), "correct horse battery");
        browser.open("/studies/mesems/subjects/" + id + "/visits/W4/forms/mri");
        assertThat(browser.all(By.cssSelector("form.entry"))).isEmpty();
        assertThat(browser.all(By.cssSelector("form.void"))).isEmpty();
        browser.driver().findElement(By.id("field-gel_count-history-button")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.cssSelector("#field-gel_count-history tbody tr")).isEmpty());
        assertThat(browser.all(By.cssSelector("#field-gel_count-history tbody tr")).stream().map(r -> r.getText()).toList())
                .hasSize(2).last().asString().contains("3", "4", "central reading");
        browser.checked();
    }

    @Test
    void anotherSitesSubjectIsNotFound() {
        String elsewhere = enrolled("05");
        browser.signIn(users.username("coordinator"), "correct horse battery");
        browser.open("/studies/mesems/subjects/" + elsewhere);
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Not found");
        browser.open("/studies/mesems/subjects/" + elsewhere + "/visits/W4/forms/mri");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Not found");
    }

    private String enrolled(String site) {
        Subject s = subjects.screen("mesems", new ScreeningRequest(site, LocalDate.parse("2026-05-01"), LocalDate.parse("2026-05-18"),
                Patients.eligibleRrms()), Caller.SYSTEM);
        return subjects.enrol("mesems", s.id(), new Enrolment(LocalDate.parse("2026-05-02"), LocalDate.parse("2026-05-18"), s.version()),
                Caller.SYSTEM).id();
    }

    /** Date inputs take typed text in the browser's own format; setting the ISO value is what a date picker does. */
    private static void date(String id, String iso) {
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1]",
                browser.driver().findElement(By.id(id)), iso);
    }
}
