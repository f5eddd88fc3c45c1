package org.harmonia.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** Signing in and out in a real browser, the site chooser, the language kept with the account, and error pages. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class SignInPagesTest {
    static final String PASSWORD = "correct horse battery";
    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    AccountLanguage languages;

    TestUsers users;

    @BeforeAll
    static void noBrowserYet() {
        browser = null;
    }

    @BeforeEach
    void setUp() {
        users = new TestUsers(userService);
        if (browser == null) {
            browser = Browser.start(port);
        }
        browser.driver().manage().deleteAllCookies();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aBrowserOpeningTheServerGetsHarmoniasSignInPageThenItsSite() {
        users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07");
        browser.open("/");
        assertThat(browser.path()).isEqualTo("/login");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Sign in");
        browser.screenshot("sign-in");

        browser.signIn(users.username("coordinator"), "wrong password");
        assertThat(browser.text(By.id("login-error"))).contains("Wrong username or password");

        browser.signIn(users.username("coordinator"), PASSWORD);
        assertThat(browser.path()).isEqualTo("/studies/mesems/sites/07");
        assertThat(browser.text(By.cssSelector("header nav"))).contains("coordinator", "Dashboard", "Screen a patient");

        browser.signOut();
        assertThat(browser.path()).isEqualTo("/login?signedOut");
        browser.open("/studies/mesems/sites/07");
        assertThat(browser.path()).isEqualTo("/login");
    }

    @Test
    void aUserAtSeveralSitesChoosesOne() {
        users.siteToken("investigator", "mesems", Role.SITE_INVESTIGATOR, "05", "07");
        browser.signIn(users.username("investigator"), PASSWORD);
        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.all(By.cssSelector("main table:not([aria-labelledby='study-pages']) tbody tr"))).as("the sites")
                .hasSize(2);
        assertThat(browser.all(By.cssSelector("#study-mesems"))).as("the study's own pages: its reports").hasSize(1);
        browser.submit(By.linkText("05 Danish MS Center, Rigshospitalet"));
        assertThat(browser.path()).isEqualTo("/studies/mesems/sites/05");
    }

    @Test
    void theChosenLanguageIsKeptWithTheAccount() {
        users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07");
        browser.signIn(users.username("coordinator"), PASSWORD);
        chooseLanguage("sv");
        assertThat(browser.path()).isEqualTo("/studies/mesems/sites/07");
        assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("sv");
        assertThat(browser.text(By.cssSelector("header nav"))).contains("Översikt", "Logga ut");
        Caller coordinator = userService.caller(users.username("coordinator"));
        assertThat(languages.of(coordinator)).contains(Language.SV);

        browser.signOut();
        browser.driver().manage().deleteAllCookies();
        browser.signIn(users.username("coordinator"), PASSWORD);
        assertThat(browser.text(By.tagName("h1"))).startsWith("Center 07");
    }

    @Test
    void aPageOfAnotherSiteIsNotFoundInTheUsersLanguage() {
        users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07");
        browser.signIn(users.username("coordinator"), PASSWORD);
        chooseLanguage("it");
        browser.open("/studies/mesems/sites/01");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Non trovato");
        browser.open("/no/such/page");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Non trovato");
    }

    @Test
    void everyResponseCarriesAStrictContentSecurityPolicyAndTheApiKeepsItsProblems() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : new String[] {"/login", "/api/studies", "/css/harmonia.css"}) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(path).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
        }
        String token = users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/no-such-thing"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString("username=x&password=y")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).as("a sign-in without its CSRF token").isEqualTo(403);
        assertThat(forged.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(forged.body()).contains("<h1>Not allowed</h1>");
        HttpResponse<String> htmx = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/webjars/htmx.org/dist/htmx.min.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(htmx.statusCode()).isEqualTo(200);
    }

    private void chooseLanguage(String code) {
        browser.chooseLanguage(code);
    }
}
