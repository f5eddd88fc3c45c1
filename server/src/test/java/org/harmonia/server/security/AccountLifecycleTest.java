package org.harmonia.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.harmonia.server.ApiClient;
import org.harmonia.server.ApiClient.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The life of an account over real HTTP: disabling and enabling, token expiry and revocation, the user's own
 * password change and an administrator's reset; each ends sessions and tokens at once where it should.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"harmonia.protocols=../protocols",
        "harmonia.test.database=account-lifecycle"})
class AccountLifecycleTest {
    static final String PASSWORD = "correct horse battery";

    /** The real time, moved forward at will, so that tokens can outlive their expiry. */
    static final class AdjustableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration d) {
            offset = offset.plus(d);
        }

        void reset() {
            offset = Duration.ZERO;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        AdjustableClock adjustableClock() {
            return new AdjustableClock();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    UserService users;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AdjustableClock clock;

    ApiClient anonymous;
    String administrator;
    String adminToken;

    @BeforeEach
    void setUp() {
        anonymous = new ApiClient(port, null);
        administrator = "admin." + UUID.randomUUID().toString().substring(0, 8);
        users.createUser(administrator, "Administrator", PASSWORD, true, Caller.SYSTEM);
        adminToken = users.issueTokenFor(administrator, "test");
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    String newUser() {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        users.createUser(name, "Test user", PASSWORD, false, Caller.SYSTEM);
        users.assign(name, "mesems", Role.MONITOR, null, Caller.SYSTEM);
        return name;
    }

    String token(String username, String password) {
        Response r = anonymous.post("/api/auth/token", Map.of("username", username, "password", password, "name", "script"));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.body().get("token").asString();
    }

    ApiClient admin() {
        return anonymous.as(adminToken);
    }

    @Test
    void aDisabledUsersTokenAndSessionAreRefusedAtOnceAndTheTokenWorksAgainAfterReEnabling() {
        String name = newUser();
        String token = token(name, PASSWORD);
        SignedInBrowser session = SignedInBrowser.signIn(port, name, PASSWORD);
        assertThat(anonymous.as(token).get("/api/me").status()).isEqualTo(200);
        assertThat(session.get("/api/me").statusCode()).isEqualTo(200);

        assertThat(admin().post("/api/admin/users/" + name + "/disable", Map.of("reason", "left the Stockholm team")).status())
                .isEqualTo(204);

        Response refused = anonymous.as(token).get("/api/me");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().get("detail").asString()).contains("disabled");
        assertThat(session.get("/api/me").statusCode()).as("the signed-in session ends at once").isEqualTo(401);
        assertThat(anonymous.post("/api/auth/token", Map.of("username", name, "password", PASSWORD)).status()).isEqualTo(401);
        assertThat(audit(name, "USER_DISABLED")).containsExactly(administrator + ": left the Stockholm team");

        assertThat(admin().post("/api/admin/users/" + name + "/enable", Map.of("reason", "back on the team")).status())
                .isEqualTo(204);
        assertThat(anonymous.as(token).get("/api/me").status()).as("a token neither revoked nor expired works again").isEqualTo(200);
        assertThat(session.get("/api/me").statusCode()).as("an ended session stays ended").isEqualTo(401);
        assertThat(SignedInBrowser.signIn(port, name, PASSWORD).get("/api/me").statusCode()).isEqualTo(200);
        assertThat(audit(name, "USER_ENABLED")).containsExactly(administrator + ": back on the team");
    }

    @Test
    void onlyAdministratorsDisableAndNeverThemselvesAndAlwaysWithAReason() {
        String name = newUser();
        String userToken = token(name, PASSWORD);
        assertThat(anonymous.as(userToken).post("/api/admin/users/" + administrator + "/disable", Map.of("reason", "no")).status())
                .isEqualTo(403);
        Response self = admin().post("/api/admin/users/" + administrator + "/disable", Map.of("reason", "tired"));
        assertThat(self.status()).isEqualTo(409);
        assertThat(self.body().get("detail").asString()).contains("own account");
        Response noReason = admin().post("/api/admin/users/" + name + "/disable", Map.of("reason", " "));
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.body().get("errors").get(0).get("field").asString()).isEqualTo("reason");
        assertThat(admin().post("/api/admin/users/nobody-at-all/disable", Map.of("reason", "gone")).status()).isEqualTo(404);
        assertThat(admin().post("/api/admin/users/" + name + "/enable", Map.of("reason", "why not")).status())
                .as("an enabled account cannot be enabled").isEqualTo(409);
        assertThat(anonymous.as(userToken).get("/api/me").status()).as("nothing changed").isEqualTo(200);
    }

    @Test
    void anExpiredTokenIsRefusedSayingSoAndTheAuditSaysSoToo() {
        String name = newUser();
        Response issued = anonymous.post("/api/auth/token", Map.of("username", name, "password", PASSWORD, "name", "short", "days", 1));
        assertThat(issued.status()).isEqualTo(201);
        Instant expires = Instant.parse(issued.body().get("expiresAt").asString());
        assertThat(Duration.between(clock.instant(), expires)).isBetween(Duration.ofHours(23), Duration.ofDays(1));
        String token = issued.body().get("token").asString();
        assertThat(anonymous.as(token).get("/api/me").status()).isEqualTo(200);

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        Response refused = anonymous.as(token).get("/api/me");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().get("detail").asString()).contains("expired");
        assertThat(actions(name)).contains("TOKEN_EXPIRED");
    }

    @Test
    void aTokenLivesNinetyDaysUnlessItAsksForFewerAndNeverMoreThanTheMaximum() {
        String name = newUser();
        Response standard = anonymous.post("/api/auth/token", Map.of("username", name, "password", PASSWORD));
        Instant expires = Instant.parse(standard.body().get("expiresAt").asString());
        assertThat(Duration.between(clock.instant(), expires)).isBetween(Duration.ofDays(90).minusMinutes(5), Duration.ofDays(90));
        Response tooLong = anonymous.post("/api/auth/token", Map.of("username", name, "password", PASSWORD, "days", 366));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.body().get("errors").get(0).get("field").asString()).isEqualTo("days");
        assertThat(anonymous.post("/api/auth/token", Map.of("username", name, "password", PASSWORD, "days", 0)).status())
                .isEqualTo(422);
    }

    @Test
    void aUserListsAndRevokesTheirOwnTokensButNobodyElses() {
        String name = newUser();
        String kept = token(name, PASSWORD);
        String revoked = token(name, PASSWORD);
        Response list = anonymous.as(kept).get("/api/me/tokens");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().size()).isEqualTo(2);
        JsonNode first = list.body().get(0);
        assertThat(first.has("name") && first.has("createdAt") && first.has("expiresAt")).isTrue();
        assertThat(list.text()).doesNotContain(kept).doesNotContain(revoked)
                .doesNotContain(UserService.sha256(kept)).doesNotContain(UserService.sha256(revoked));
        long revokedId = jdbc.sql("select id from api_token where token_sha256 = ?").param(UserService.sha256(revoked))
                .query(Long.class).single();

        String other = newUser();
        assertThat(anonymous.as(token(other, PASSWORD)).post("/api/me/tokens/" + revokedId + "/revocation", Map.of()).status())
                .as("another user's token is not found").isEqualTo(404);
        assertThat(anonymous.as(revoked).get("/api/me").status()).isEqualTo(200);

        assertThat(anonymous.as(kept).post("/api/me/tokens/" + revokedId + "/revocation", Map.of()).status()).isEqualTo(204);
        assertThat(anonymous.as(revoked).get("/api/me").status()).isEqualTo(401);
        assertThat(anonymous.as(kept).get("/api/me").status()).isEqualTo(200);
        assertThat(anonymous.as(kept).post("/api/me/tokens/" + revokedId + "/revocation", Map.of()).status()).isEqualTo(409);
        JsonNode marked = anonymous.as(kept).get("/api/me/tokens").body();
        assertThat(marked.size()).as("revoked by marking, never deleted").isEqualTo(2);
        assertThat(countWith(marked, "revokedAt")).isEqualTo(1);
        assertThat(actions(name)).contains("TOKEN_REVOKED");
    }

    @Test
    void anAdministratorRevokesAllOfAUsersTokens() {
        String name = newUser();
        String one = token(name, PASSWORD);
        String two = token(name, PASSWORD);
        Response r = admin().post("/api/admin/users/" + name + "/tokens/revocation", Map.of("reason", "laptop stolen"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("revoked").asInt()).isEqualTo(2);
        assertThat(anonymous.as(one).get("/api/me").status()).isEqualTo(401);
        assertThat(anonymous.as(two).get("/api/me").status()).isEqualTo(401);
        assertThat(jdbc.sql("""
                select count(*) from audit_log where action = 'TOKEN_REVOKED' and actor = ? and reason = 'laptop stolen'
                  and new_value = ?
                """).params(administrator, "token of " + name).query(Integer.class).single()).isEqualTo(2);
        assertThat(token(name, PASSWORD)).as("the password still gets a new token").startsWith("hmn_");
    }

    @Test
    void aPasswordChangeEndsTheUsersOtherSessionsButNotTheOneThatMadeIt() {
        String name = newUser();
        SignedInBrowser here = SignedInBrowser.signIn(port, name, PASSWORD);
        SignedInBrowser elsewhere = SignedInBrowser.signIn(port, name, PASSWORD);
        assertThat(elsewhere.get("/api/me").statusCode()).isEqualTo(200);

        var tooShort = here.post("/api/me/password", "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"short\"}");
        assertThat(tooShort.statusCode()).isEqualTo(422);
        assertThat(tooShort.body()).contains("newPassword");
        assertThat(here.post("/api/me/password", "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"" + PASSWORD + "\"}")
                .statusCode()).as("the same password again").isEqualTo(422);
        var wrong = here.post("/api/me/password", "{\"currentPassword\":\"not my password\",\"newPassword\":\"a brand new secret\"}");
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(wrong.body()).contains("currentPassword");
        assertThat(jdbc.sql("select failed_logins from app_user where username = ?").param(name).query(Integer.class).single())
                .as("a wrong current password counts towards the lock-out").isEqualTo(1);
        assertThat(elsewhere.get("/api/me").statusCode()).as("refused attempts change nothing").isEqualTo(200);

        assertThat(here.post("/api/me/password", "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"a brand new secret\"}")
                .statusCode()).isEqualTo(204);
        assertThat(here.get("/api/me").statusCode()).as("this session goes on").isEqualTo(200);
        assertThat(elsewhere.get("/api/me").statusCode()).as("the other session is over").isEqualTo(401);
        assertThat(anonymous.post("/api/auth/token", Map.of("username", name, "password", PASSWORD)).status()).isEqualTo(401);
        assertThat(token(name, "a brand new secret")).startsWith("hmn_");
        assertThat(actions(name)).contains("PASSWORD_CHANGED");
        assertThat(jdbc.sql("select count(*) from audit_log where new_value like '%brand new%' or reason like '%brand new%'")
                .query(Integer.class).single()).as("no password in the audit trail").isZero();
    }

    @Test
    void aResetEndsEverythingAndForcesAChangeBeforeAnyToken() {
        String name = newUser();
        String token = token(name, PASSWORD);
        SignedInBrowser session = SignedInBrowser.signIn(port, name, PASSWORD);

        Response reset = admin().post("/api/admin/users/" + name + "/password-reset", Map.of("reason", "forgotten"));
        assertThat(reset.status()).isEqualTo(200);
        String temporary = reset.body().get("temporaryPassword").asString();
        assertThat(temporary).hasSizeGreaterThanOrEqualTo(UserService.MIN_PASSWORD_LENGTH);
        assertThat(anonymous.as(token).get("/api/me").status()).as("tokens revoked").isEqualTo(401);
        assertThat(session.get("/api/me").statusCode()).as("sessions ended").isEqualTo(401);
        assertThat(anonymous.post("/api/auth/token", Map.of("username", name, "password", PASSWORD)).status()).isEqualTo(401);

        Response refused = anonymous.post("/api/auth/token", Map.of("username", name, "password", temporary));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("detail").asString()).contains("temporary").contains("/api/me/password");

        SignedInBrowser withTemporary = SignedInBrowser.signIn(port, name, temporary);
        assertThat(withTemporary.get("/api/me").statusCode()).isEqualTo(200);
        var elsewhere = withTemporary.get("/api/studies");
        assertThat(elsewhere.statusCode()).as("nothing else until the password is changed").isEqualTo(403);
        assertThat(elsewhere.body()).contains("password-change-required");

        Response changed = anonymous.post("/api/me/password", Map.of("username", name, "currentPassword", temporary,
                "newPassword", "my own new password"));
        assertThat(changed.status()).as(changed.text()).isEqualTo(204);
        assertThat(token(name, "my own new password")).startsWith("hmn_");
        assertThat(anonymous.post("/api/auth/token", Map.of("username", name, "password", temporary)).status())
                .as("the temporary password is used up").isEqualTo(401);
        assertThat(actions(name)).contains("PASSWORD_CHANGED");
        assertThat(audit(name, "PASSWORD_RESET")).containsExactly(administrator + ": forgotten");
        assertThat(jdbc.sql("select count(*) from audit_log where new_value like ? or reason like ?")
                .params("%" + temporary + "%", "%" + temporary + "%").query(Integer.class).single())
                .as("the temporary password is in no audit row").isZero();
    }

    @Test
    void noSecretIsKeptForAReplayEvenWithAnIdempotencyKey() throws Exception {
        String name = newUser();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String resetKey = UUID.randomUUID().toString();
        var reset = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                        + "/api/admin/users/" + name + "/password-reset"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .header("Idempotency-Key", resetKey).POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(reset.body()).contains("temporaryPassword");
        String changeKey = UUID.randomUUID().toString();
        String other = newUser();
        var change = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/me/password"))
                .header("Authorization", "Bearer " + token(other, PASSWORD))
                .header("Content-Type", "application/json").header("Idempotency-Key", changeKey)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"currentPassword\":\"" + PASSWORD
                        + "\",\"newPassword\":\"my own new password\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(change.statusCode()).isEqualTo(204);
        assertThat(jdbc.sql("select count(*) from idempotency_key where idempotency_key in (?, ?)").params(resetKey, changeKey)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void administratorsListEveryAccountWithItsStateAndRoles() {
        String name = newUser();
        admin().post("/api/admin/users/" + name + "/disable", Map.of("reason", "on leave"));
        Response list = admin().get("/api/admin/users");
        assertThat(list.status()).isEqualTo(200);
        JsonNode entry = null;
        for (JsonNode u : list.body()) {
            if (u.get("username").asString().equals(name)) {
                entry = u;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.get("displayName").asString()).isEqualTo("Test user");
        assertThat(entry.get("enabled").asBoolean()).isFalse();
        assertThat(entry.get("administrator").asBoolean()).isFalse();
        assertThat(entry.get("roles").get(0).get("role").asString()).isEqualTo("MONITOR");
        assertThat(list.text()).doesNotContain("bcrypt").doesNotContain("passwordHash");
        assertThat(anonymous.as(token(newUser(), PASSWORD)).get("/api/admin/users").status()).isEqualTo(403);
    }

    @Test
    void aRoleRevokedWhileSignedInIsGoneFromTheSessionAtOnce() {
        String name = newUser();
        SignedInBrowser session = SignedInBrowser.signIn(port, name, PASSWORD);
        assertThat(session.get("/api/studies/mesems/sites/07/subjects").statusCode()).isEqualTo(200);
        long assignment = jdbc.sql("select r.id from role_assignment r join app_user u on u.id = r.user_id where u.username = ?")
                .param(name).query(Long.class).single();
        users.revoke("mesems", assignment, "moved to another trial", Caller.SYSTEM);
        assertThat(session.get("/api/studies/mesems/sites/07/subjects").statusCode()).isEqualTo(403);
    }

    @Test
    void aDisplayNameIsOneLineOfLimitedLength() {
        Response r = admin().post("/api/admin/users", Map.of("username", "anna.berg." + UUID.randomUUID().toString().substring(0, 4),
                "displayName", "Anna\nBerg", "password", PASSWORD, "administrator", false));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("errors").get(0).get("field").asString()).isEqualTo("displayName");
        Response tooLong = admin().post("/api/admin/users", Map.of("username", "anna.berg." + UUID.randomUUID().toString().substring(0, 4),
                "displayName", "A".repeat(UserService.MAX_DISPLAY_NAME + 1), "password", PASSWORD, "administrator", false));
        assertThat(tooLong.status()).isEqualTo(422);
    }

    private List<String> actions(String username) {
        return jdbc.sql("select action from audit_log where actor = ? or entity_id = ? order by seq").params(username, username)
                .query(String.class).list();
    }

    /** "actor: reason" of the user's audit rows with the action. */
    private List<String> audit(String username, String action) {
        return jdbc.sql("select actor || ': ' || coalesce(reason, '') from audit_log where entity_id = ? and action = ? order by seq")
                .params(username, action).query(String.class).list();
    }

    private static int countWith(JsonNode array, String field) {
        int n = 0;
        for (JsonNode e : array) {
            if (e.has(field)) {
                n++;
            }
        }
        return n;
    }
}
