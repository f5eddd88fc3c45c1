package org.harmonia.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.harmonia.server.ApiClient;
import org.harmonia.server.HarmoniaApplication;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.harmonia.server.system.DatabaseConfiguration.EmbeddedDatabaseHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two instances of Harmonia on one database, as behind a load balancer: instance A is the test's application, B a
 * second one started on A's database. A sign-in on one instance is a sign-in on both, and whatever ends it on one
 * (signing out, a password change, the account disabled) ends it on both.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
class SharedSessionsTest {
    static final String PASSWORD = "correct horse battery";
    static final Optional<String> NETWORK_ADDRESS = Scrapes.ownNetworkAddress();
    static ConfigurableApplicationContext second;

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedDatabaseHolder database;

    @Autowired
    UserService users;

    @Autowired
    JdbcClient jdbc;

    String a;
    String b;

    @BeforeEach
    void bothInstances() {
        if (second == null) {
            Map<String, Object> properties = new HashMap<>(Map.of("server.port", "0", "harmonia.db.url", database.database().jdbcUrl(),
                    "harmonia.protocols", "../protocols"));
            // B alone lets this machine's network address scrape it: each instance answers its own scrapes by its own settings
            NETWORK_ADDRESS.ifPresent(address -> properties.put("harmonia.metrics.allowed-from", address + "/32"));
            second = new SpringApplicationBuilder(HarmoniaApplication.class).properties(properties).run();
        }
        a = "http://localhost:" + port;
        b = "http://localhost:" + second.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stopTheSecondInstance() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    String newUser(String displayName) {
        String name = "s" + UUID.randomUUID().toString().substring(0, 8);
        users.createUser(name, displayName, PASSWORD, false, Caller.SYSTEM);
        users.assign(name, "mesems", Role.MONITOR, null, Caller.SYSTEM);
        return name;
    }

    @Test
    void aSignInOnOneInstanceGoesOnOnTheOtherAndSigningOutThereEndsItOnBoth() {
        String name = newUser("Agnese Sessioni");
        Visitor visitor = new Visitor();
        HttpResponse<String> signIn = visitor.signIn(a, name, PASSWORD);
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        assertThat(jdbc.sql("select max_inactive_interval from spring_session where principal_name = ?").param(name)
                .query(Integer.class).single()).as("one session in the database, living server.servlet.session.timeout (30 min)")
                .isEqualTo(30 * 60);

        HttpResponse<String> onB = visitor.get(b, "/account");
        assertThat(onB.statusCode()).as("a page that needs sign-in, on the other instance").isEqualTo(200);
        assertThat(onB.body()).contains("Agnese Sessioni");
        HttpResponse<String> language = visitor.post(b, "/account/language", Map.of("language", "it", "returnTo", "/account"));
        assertThat(language.statusCode()).as("a form post with the CSRF token of B's page").isEqualTo(302);
        assertThat(language.headers().firstValue("Location").orElse("")).endsWith("/account");
        assertThat(visitor.get(a, "/account").body()).as("the language chosen on B, on A").containsPattern("<html[^>]* lang=\"it\"");

        HttpResponse<String> signOut = visitor.post(b, "/logout", Map.of());
        assertThat(signOut.statusCode()).isEqualTo(302);
        assertThat(signOut.headers().firstValue("Location").orElse("")).endsWith("/login?signedOut");
        assertThat(sessionsOf(name)).isZero();
        HttpResponse<String> afterwards = visitor.get(a, "/account");
        assertThat(afterwards.statusCode()).as("the signed-out session's cookie on A").isEqualTo(302);
        assertThat(afterwards.headers().firstValue("Location").orElse("")).endsWith("/login");
    }

    @Test
    void aStylesheetOrScriptLeavesTheSessionUntouchedInTheDatabase() {
        String name = newUser("Ottavio Risorse");
        Visitor visitor = new Visitor();
        assertThat(visitor.signIn(a, name, PASSWORD).statusCode()).isEqualTo(302);
        long before = lastAccess(name);
        await(Duration.ofMillis(20));
        assertThat(visitor.get(a, "/css/harmonia.css").statusCode()).isEqualTo(200);
        assertThat(lastAccess(name)).as("an asset neither reads nor writes the session").isEqualTo(before);
        assertThat(visitor.get(a, "/account").statusCode()).isEqualTo(200);
        assertThat(lastAccess(name)).as("a page does").isGreaterThan(before);
    }

    private long lastAccess(String name) {
        return jdbc.sql("select last_access_time from spring_session where principal_name = ?").param(name).query(Long.class).single();
    }

    private static void await(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aPasswordChangedOnOneInstanceEndsTheOtherSessionsOnBothButNotItsOwn() {
        String name = newUser("Pietro Parola");
        Visitor here = new Visitor();
        Visitor elsewhere = new Visitor();
        assertThat(here.signIn(a, name, PASSWORD).statusCode()).isEqualTo(302);
        assertThat(elsewhere.signIn(b, name, PASSWORD).statusCode()).isEqualTo(302);
        assertThat(elsewhere.get(a, "/account").statusCode()).isEqualTo(200);

        here.get(b, "/account/password");
        HttpResponse<String> changed = here.post(b, "/account/password", Map.of("currentPassword", PASSWORD,
                "newPassword", "a brand new secret", "repeatPassword", "a brand new secret"));
        assertThat(changed.statusCode()).isEqualTo(302);

        assertThat(here.get(a, "/account").statusCode()).as("the session that changed it goes on, on A too").isEqualTo(200);
        assertThat(elsewhere.get(a, "/account").statusCode()).as("the other session, on A").isEqualTo(302);
        assertThat(elsewhere.get(b, "/account").statusCode()).as("the other session, on B").isEqualTo(302);
    }

    @Test
    void anAccountDisabledThroughOneInstanceIsSignedOutOnTheOther() {
        String name = newUser("Dario Disattivato");
        Visitor visitor = new Visitor();
        assertThat(visitor.signIn(b, name, PASSWORD).statusCode()).isEqualTo(302);
        assertThat(visitor.get(a, "/account").statusCode()).isEqualTo(200);

        String admin = "adm" + UUID.randomUUID().toString().substring(0, 8);
        users.createUser(admin, "Administrator", PASSWORD, true, Caller.SYSTEM);
        ApiClient onB = new ApiClient(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")),
                users.issueTokenFor(admin, "test"));
        assertThat(onB.post("/api/admin/users/" + name + "/disable", Map.of("reason", "left the team")).status()).isEqualTo(204);
        assertThat(sessionsOf(admin)).as("API calls with a token keep no session").isZero();

        assertThat(visitor.get(a, "/account").statusCode()).isEqualTo(302);
        assertThat(sessionsOf(name)).as("the ended session is removed, not only refused").isZero();
    }

    @Test
    void eachInstanceAnswersItsScrapesByItsOwnAllowedNetworks() {
        Assumptions.assumeTrue(NETWORK_ADDRESS.isPresent(), "this machine has no network address besides loopback");
        String address = NETWORK_ADDRESS.get();
        int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
        assertThat(Scrapes.scrape(address, port, Map.of()).statusCode()).as("A allows loopback only").isEqualTo(403);
        HttpResponse<String> fromNetwork = Scrapes.scrape(address, secondPort, Map.of());
        assertThat(fromNetwork.statusCode()).as("B allows " + address).isEqualTo(200);
        assertThat(fromNetwork.body()).contains("hikaricp_connections_pending").contains("harmonia_audit_chain_length");
        assertThat(Scrapes.scrape(address, secondPort, Map.of("X-Forwarded-For", "203.0.113.7")).statusCode())
                .as("but not through a proxy").isEqualTo(403);
    }

    private int sessionsOf(String name) {
        return jdbc.sql("select count(*) from spring_session where principal_name = ?").param(name).query(Integer.class).single();
    }
}
