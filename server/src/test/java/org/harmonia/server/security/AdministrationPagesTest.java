package org.harmonia.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.TestUsers;
import org.harmonia.server.web.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The administration and own-account pages in a real browser: an administrator creates a user and gives them a site,
 * the user replaces the first password and reaches the site; disabling, enabling, a password reset and revoking
 * tokens act at once on sign-in and on the user's API token, each audited as through the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class AdministrationPagesTest {
    static final String PASSWORD = "correct horse battery";
    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newHttpClient();
    String administrator;

    @BeforeAll
    static void noBrowserYet() {
        browser = null;
    }

    @BeforeEach
    void setUp() {
        administrator = "admin." + UUID.randomUUID().toString().substring(0, 8);
        userService.createUser(administrator, "Ingrid Holm", PASSWORD, true, Caller.SYSTEM);
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
    void anAdministratorCreatesAUserWhoChoosesTheirOwnPasswordThenSeesTheirSite() {
        String name = "karin." + UUID.randomUUID().toString().substring(0, 8);
        browser.signIn(administrator, PASSWORD);
        assertThat(browser.path()).as("an administrator without a site lands on the administration").isEqualTo("/admin");
        assertThat(browser.text(By.cssSelector("header nav"))).contains("Administration", "My account");

        browser.submit(By.linkText("Create a user"));
        browser.type("username", "Karin Lund").type("displayName", "Karin Lund").type("password", "short");
        browser.submit(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.text(By.id("username-error"))).isEqualTo("use 2 to 63 lower-case letters, digits, '.', '_' or '-'");
        assertThat(browser.text(By.id("password-error"))).isEqualTo("must have at least 10 characters");
        assertThat(browser.driver().findElement(By.id("username")).getAttribute("aria-describedby")).isEqualTo("username-error");
        assertThat(browser.driver().findElement(By.id("displayName")).getAttribute("value")).as("kept").isEqualTo("Karin Lund");

        browser.type("username", name).type("password", "first password 1");
        browser.submit(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/admin/users/" + name + "?created");

        // the studies are listed by id, MESEMS not first among them
        new Select(browser.driver().findElement(By.id("grant-study"))).selectByValue("mesems");
        new Select(browser.driver().findElement(By.id("grant-role"))).selectByValue("SITE_COORDINATOR");
        browser.submit(By.cssSelector("form.grant button[type=submit]"));
        assertThat(browser.text(By.id("grant-site-error"))).as("the API's message by the field")
                .contains("a site coordinator needs one of the study's sites");
        new Select(browser.driver().findElement(By.id("grant-site"))).selectByValue("07");
        browser.submit(By.cssSelector("form.grant button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/admin/users/" + name + "?granted");
        assertThat(browser.text(By.cssSelector("main table tbody"))).contains("site coordinator", "07");
        // the page of one user looks the same whichever other accounts the tests have made; the list does not
        browser.screenshot("administration");
        assertThat(actions(name)).containsExactly("USER_CREATED", "ROLE_GRANTED");

        browser.open("/admin");
        assertThat(browser.text(By.cssSelector("main table"))).contains(name, "Karin Lund", "site coordinator, MESEMS, site 07");
        browser.signOut();

        browser.signIn(name, "first password 1");
        assertThat(browser.path()).as("the first password must be replaced before anything else")
                .isEqualTo("/account/password?required");
        browser.open("/studies/mesems/sites/07");
        assertThat(browser.path()).isEqualTo("/account/password?required");
        browser.type("currentPassword", "first password 1").type("newPassword", "Karin's own password")
                .type("repeatPassword", "Karin's own pasword");
        browser.submit(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.text(By.id("repeatPassword-error"))).isEqualTo("The two new passwords differ.");
        assertThat(browser.text(By.id("password-required"))).as("still said after an error").contains("temporary");
        browser.type("currentPassword", "first password 1").type("newPassword", "first password 1")
                .type("repeatPassword", "first password 1");
        browser.submit(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.text(By.id("newPassword-error"))).isEqualTo("must differ from the current password");
        browser.type("currentPassword", "first password 1").type("newPassword", "Karin's own password")
                .type("repeatPassword", "Karin's own password");
        browser.submit(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/studies/mesems/sites/07");
        assertThat(actions(name)).endsWith("PASSWORD_CHANGED");
    }

    @Test
    void disablingEnablingResettingAndRevokingActAtOnceOnSignInAndOnTheUsersToken() {
        TestUsers users = new TestUsers(userService);
        users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07");
        String name = users.username("coordinator");
        String token = token(name, PASSWORD);
        assertThat(me(token)).isEqualTo(200);

        browser.signIn(administrator, PASSWORD);
        browser.open("/admin/users/" + administrator + "/disable").type("reason", "testing");
        browser.submit(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.text(By.id("action-error"))).as("the API's conflict, on the page that asked")
                .isEqualTo("an administrator cannot disable their own account");

        browser.open("/admin/users/" + name);
        browser.submit(By.linkText("Disable the account"));
        browser.submit(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.text(By.id("reason-error"))).as("the API's message by the field").isEqualTo("a reason is required");
        browser.type("reason", "left the Stockholm team");
        browser.submit(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/admin/users/" + name + "?disable");
        assertThat(browser.text(By.cssSelector("dl.facts"))).contains("disabled", "left the Stockholm team");
        assertThat(me(token)).as("the token of a disabled account").isEqualTo(401);
        browser.signOut();

        browser.signIn(name, PASSWORD);
        assertThat(browser.path()).isEqualTo("/login?error");
        assertThat(browser.text(By.id("login-error"))).contains("Wrong username or password");

        browser.signIn(administrator, PASSWORD);
        browser.open("/admin/users/" + name);
        browser.submit(By.linkText("Enable the account"));
        browser.type("reason", "back on the team");
        browser.submit(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.text(By.cssSelector("dl.facts"))).contains("enabled");
        assertThat(me(token)).as("a token neither revoked nor expired works again").isEqualTo(200);

        browser.submit(By.linkText("Reset the password"));
        browser.submit(By.cssSelector("main form button[type=submit]"));
        String temporary = browser.text(By.id("temporary-password"));
        assertThat(temporary).matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}");
        assertThat(browser.path()).as("the temporary password is in no address").doesNotContain(temporary);
        assertThat(me(token)).as("a reset revokes the tokens").isEqualTo(401);
        browser.open("/admin/users/" + name);
        assertThat(browser.source()).as("shown once only").doesNotContain(temporary);
        browser.signOut();

        browser.signIn(name, temporary);
        assertThat(browser.path()).isEqualTo("/account/password?required");
        browser.type("currentPassword", temporary).type("newPassword", "a password of my own").type("repeatPassword", "a password of my own");
        browser.submit(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/studies/mesems/sites/07");
        browser.signOut();

        String second = token(name, "a password of my own");
        browser.signIn(administrator, PASSWORD);
        browser.open("/admin/users/" + name);
        browser.submit(By.linkText("Revoke all API tokens"));
        browser.type("reason", "laptop lost");
        browser.submit(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.text(By.cssSelector("main p.notice"))).isEqualTo("API tokens revoked: 1.");
        assertThat(me(second)).isEqualTo(401);
        assertThat(actions(name)).containsSubsequence("USER_DISABLED", "USER_ENABLED", "PASSWORD_RESET", "PASSWORD_CHANGED");
        assertThat(jdbc.sql("select count(*) from audit_log where coalesce(new_value, '') || coalesce(reason, '') like ?")
                .param("%" + temporary + "%").query(Integer.class).single()).as("the temporary password is in no audit row").isZero();
    }

    @Test
    void aUserListsTheirOwnTokensAndRevokesOne() {
        TestUsers users = new TestUsers(userService);
        users.token("investigator", "mesems", Role.SITE_INVESTIGATOR, "07");
        String name = users.username("investigator");
        String token = token(name, PASSWORD);

        browser.signIn(name, PASSWORD);
        browser.submit(By.linkText("My account"));
        assertThat(browser.path()).isEqualTo("/account");
        List<String> rows = browser.all(By.cssSelector("main tbody tr")).stream().map(e -> e.getText()).toList();
        assertThat(rows).hasSize(2).anySatisfy(r -> assertThat(r).startsWith("script"));
        browser.submit(By.cssSelector("main tbody tr:first-child button"));
        assertThat(browser.text(By.cssSelector("main p.notice"))).isEqualTo("The token was revoked.");
        assertThat(me(token)).as("the newest token, listed first, was revoked").isEqualTo(401);
        assertThat(browser.all(By.cssSelector("main tbody tr button"))).hasSize(1);
    }

    @Test
    void aCoordinatorOpeningTheAdministrationGetsTheNotAllowedPage() {
        TestUsers users = new TestUsers(userService);
        users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07");
        browser.signIn(users.username("coordinator"), PASSWORD);
        assertThat(browser.text(By.cssSelector("header nav"))).doesNotContain("Administration");
        browser.open("/admin");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Not allowed");
        browser.open("/admin/users/" + administrator);
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Not allowed");
        assertThat(browser.source()).doesNotContain("Ingrid Holm");
    }

    @Test
    void aStudyAdministratorLandsOnTheStudysRolesAndGrantsOne() {
        TestUsers users = new TestUsers(userService);
        users.token("studyadmin", "mesems", Role.STUDY_ADMINISTRATOR, null);
        users.token("monitor", "mesems", Role.MONITOR, null);
        browser.signIn(users.username("studyadmin"), PASSWORD);
        assertThat(browser.path()).isEqualTo("/admin");
        assertThat(browser.all(By.linkText("Create a user"))).as("accounts are for administrators").isEmpty();
        browser.type("grant-username", users.username("monitor"));
        new Select(browser.driver().findElement(By.id("grant-role"))).selectByValue("SITE_INVESTIGATOR");
        new Select(browser.driver().findElement(By.id("grant-site"))).selectByValue("05");
        browser.submit(By.cssSelector("form.grant button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/admin?granted");
        assertThat(browser.text(By.cssSelector("main table"))).contains(users.username("monitor"), "site investigator", "05");
        browser.open("/admin/users/" + users.username("monitor"));
        assertThat(browser.text(By.tagName("h1"))).as("accounts themselves are for administrators").isEqualTo("Not allowed");

        browser.open("/admin");
        browser.chooseLanguage("da");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Administration");
        browser.submit(By.xpath("//tr[td[1]='" + users.username("monitor") + "' and td[4]='05']//a"));
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Tilbagekald en rolle for " + users.username("monitor") + "?");
        browser.submit(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.text(By.id("reason-error"))).isEqualTo("a reason is required to revoke a role");
        browser.type("reason", "moved to the Copenhagen team");
        browser.submit(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/admin?revoked");
        assertThat(browser.text(By.cssSelector("main p.notice"))).isEqualTo("Rollen er tilbagekaldt.");
        assertThat(browser.all(By.xpath("//tr[td[1]='" + users.username("monitor") + "' and td[4]='05']"))).isEmpty();
        assertThat(browser.all(By.xpath("//tr[td[1]='" + users.username("monitor") + "' and td[3]='monitor']"))).hasSize(1);
    }

    private String token(String username, String password) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\"" + password
                        + "\",\"name\":\"script\"}")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        Matcher m = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private int me(String token) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/me"))
                .header("Authorization", "Bearer " + token)).statusCode();
    }

    private List<String> actions(String username) {
        return jdbc.sql("select action from audit_log where entity_id = ? and action in ('USER_CREATED', 'ROLE_GRANTED', "
                        + "'USER_DISABLED', 'USER_ENABLED', 'PASSWORD_RESET', 'PASSWORD_CHANGED') order by seq")
                .param(username).query(String.class).list();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
