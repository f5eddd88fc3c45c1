package org.harmonia.server.pharmacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.harmonia.server.web.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The pharmacist in the browser at Genoa (01), today 2026-06-15: lands on the pharmacy, ships a subject's kit and a spare
 * from the depot, receives them by typing the numbers from the labels (a mistyped one refused next to the field),
 * records the subject's own MSC batch, links the kit to it and dispenses it at week 0; quarantines the spare. A blinded
 * monitor finds no pharmacy link and is refused every pharmacy page. axe-core checks every page visited. Shares its
 * database with {@link PharmacyApiTest}, which works at Stockholm (07).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"harmonia.protocols=../protocols",
        "harmonia.test.database=pharmacy"})
@Import(FixedClockConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PharmacyPagesTest {
    static final String STUDY = "/api/studies/mesems";
    static final String PASSWORD = "correct horse battery";

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    JdbcClient jdbc;

    TestUsers users;
    Browser browser;
    String subject;
    String kit;

    @BeforeAll
    void setUp() {
        users = new TestUsers(userService);
        users.token("pharmacist", "mesems", Role.UNBLINDED_PHARMACIST, null);
        users.token("monitor", "mesems", Role.MONITOR, null);
        ApiClient coordinator = new ApiClient(port, users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "01"));
        ApiClient statistician = coordinator.as(users.token("statistician", "mesems", Role.UNBLINDED_STATISTICIAN, null));
        assertThat(statistician.post(STUDY + "/randomisation/list", Map.of("lengthPerStratum", 12)).status()).isIn(201, 409);
        JsonNode s = coordinator.post(STUDY + "/screenings", Map.of("siteId", "01", "screeningDate", "2026-06-01",
                "plannedRandomisationDate", "2026-06-15", "data", Patients.eligibleRrms())).body();
        subject = s.get("id").asString();
        assertThat(coordinator.post(STUDY + "/subjects/" + subject + "/enrolment", Map.of("consentDate", "2026-06-02",
                "dayZero", "2026-06-15", "version", s.get("version").asInt())).status()).isEqualTo(200);
        kit = coordinator.post(STUDY + "/subjects/" + subject + "/randomisation", Map.of()).body().get("kitNumber").asString();
        browser = Browser.start(port);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void thePharmacistShipsReceivesAndDispensesAKitToItsSubjectsFirstInfusion() {
        String spare = jdbc.sql("""
                select k.kit_number from randomisation_slot k left join kit_stock s on s.study_id = k.study_id and s.kit_number = k.kit_number
                where k.study_id = 'mesems' and k.stratum = 'subTrial=canada' and k.subject_id is null and s.kit_number is null
                order by k.kit_number limit 1""")
                .query(String.class).single();
        browser.driver().manage().deleteAllCookies();
        browser.signIn(users.username("pharmacist"), PASSWORD);
        assertThat(browser.path()).isEqualTo("/studies/mesems/pharmacy");
        assertThat(browser.text(By.id("stock-01"))).startsWith("01 IRCCS Ospedale Policlinico San Martino");

        // ship from the depot
        new Select(browser.driver().findElement(By.id("ship-site"))).selectByValue("01");
        browser.type("ship-kits", kit + "\n" + spare);
        browser.submit(By.cssSelector("#ship button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/studies/mesems/pharmacy/shipments");
        assertThat(browser.text(By.cssSelector("p.notice"))).matches("Shipment \\d+ is on its way\\.");
        String shipment = browser.all(By.cssSelector("article.shipment")).get(0).getAttribute("id").substring("shipment-".length());

        // receive by typing the labels: a mistyped number is refused next to the form, nothing received
        String mistyped = kit.substring(0, 6) + ((kit.charAt(6) - '0' + 1) % 10);
        browser.type("receive-" + shipment, mistyped);
        browser.submit(By.cssSelector("#shipment-" + shipment + " button[type=submit]"));
        assertThat(browser.text(By.id("pharmacy-errors"))).contains("kitNumbers[0]", "wrong check digit");
        assertThat(browser.text(By.id("shipment-" + shipment))).contains("Still to receive", kit, spare);
        browser.type("receive-" + shipment, kit + " " + spare);
        browser.submit(By.cssSelector("#shipment-" + shipment + " button[type=submit]"));
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("The kits of shipment " + shipment + " are received.");
        assertThat(browser.text(By.id("shipment-" + shipment))).contains("Received in full by");

        // the subject's own cells: the batch from its certificate of analysis
        browser.submit(By.linkText("MSC batches"));
        browser.type("batch-id", "MSC-G-" + subject);
        browser.type("batch-donor", subject);
        browser.type("batch-dose", "1500000");
        browser.type("batch-viability", "88.5");
        browser.type("batch-released", "2026-06-12");
        browser.type("batch-expiry", "2026-09-30");
        browser.submit(By.cssSelector("#record-batch button[type=submit]"));
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("Batch MSC-G-" + subject + " is recorded.");
        assertThat(browser.text(By.id("batch-MSC-G-" + subject))).contains("autologous", subject, "88.5", "yes");
        assertThat(browser.text(By.id("batches-limit"))).contains("at least 70%", "FDA");

        // the kit: link the batch, dispense at week 0
        browser.open("/studies/mesems/pharmacy/kits?siteId=01");
        browser.submit(By.linkText(kit));
        assertThat(browser.text(By.id("kit-state"))).isEqualTo("Received");
        assertThat(browser.text(By.id("kit-holds"))).isIn("MSC then placebo", "placebo then MSC");
        new Select(browser.driver().findElement(By.id("link-batch-id"))).selectByValue("MSC-G-" + subject);
        browser.submit(By.cssSelector("#link-batch button[type=submit]"));
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("Kit " + kit + " is linked to its batch.");
        new Select(browser.driver().findElement(By.id("dispense-visit"))).selectByValue("W0");
        browser.submit(By.cssSelector("#dispense button[type=submit]"));
        assertThat(browser.text(By.cssSelector("p.notice"))).isEqualTo("Dispensed: " + subject + " / W0.");
        assertThat(browser.text(By.id("kit-state"))).isEqualTo("Dispensed");
        assertThat(browser.text(By.id("dispensings"))).contains(subject, "W0", "MSC-G-" + subject, "not yet recorded by the site");
        assertThat(browser.text(By.id("history"))).contains("At the depot → On its way", "On its way → Received", "Received → Dispensed");
        // dispensing it twice at the same visit is refused with the reason on the page
        new Select(browser.driver().findElement(By.id("dispense-visit"))).selectByValue("W0");
        browser.submit(By.cssSelector("#dispense button[type=submit]"));
        assertThat(browser.text(By.id("pharmacy-errors"))).contains("was already dispensed its kit at visit W0");
        browser.open("/studies/mesems/pharmacy/kits/" + kit).screenshot("pharmacy-kit");

        // the spare goes into quarantine, with its reason
        browser.open("/studies/mesems/pharmacy/kits/" + spare);
        new Select(browser.driver().findElement(By.id("action-choice"))).selectByValue("quarantine");
        browser.submit(By.cssSelector("#kit-action button[type=submit]"));
        assertThat(browser.text(By.id("pharmacy-errors"))).contains("reason");
        new Select(browser.driver().findElement(By.id("action-choice"))).selectByValue("quarantine");
        browser.type("action-reason", "outer box crushed in transit");
        browser.submit(By.cssSelector("#kit-action button[type=submit]"));
        assertThat(browser.text(By.id("kit-state"))).isEqualTo("Quarantined");
        assertThat(browser.text(By.id("history"))).contains("outer box crushed in transit");
        browser.open("/studies/mesems/pharmacy");
        assertThat(browser.text(By.id("stock-01"))).contains("01 IRCCS");
        browser.chooseLanguage("it");
        assertThat(browser.text(By.tagName("h1"))).startsWith("Farmacia");
        browser.chooseLanguage("en");
    }

    @Test
    void aBlindedMonitorHasNoPharmacyLinkAndIsRefusedEveryPharmacyPage() {
        browser.driver().manage().deleteAllCookies();
        browser.signIn(users.username("monitor"), PASSWORD);
        assertThat(browser.all(By.linkText("Pharmacy"))).isEmpty();
        for (String page : List.of("/studies/mesems/pharmacy", "/studies/mesems/pharmacy/shipments", "/studies/mesems/pharmacy/batches",
                "/studies/mesems/pharmacy/kits?siteId=01", "/studies/mesems/pharmacy/kits/" + kit)) {
            browser.open(page);
            assertThat(browser.text(By.tagName("h1"))).as(page).isEqualTo("Not allowed");
            assertThat(browser.source()).as(page).doesNotContain("MSC then placebo", "placebo then MSC", "MSC-PLACEBO", "PLACEBO-MSC");
        }
    }
}
