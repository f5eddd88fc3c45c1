package org.harmonia.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.harmonia.server.ApiClient;
import org.harmonia.server.ApiContract;
import org.harmonia.server.ApiClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Logging in: tokens for scripts, form login with CSRF for pages, lock-out after repeated failures, all audited. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
class AuthenticationTest {
    static final String PASSWORD = "correct horse battery";

    @LocalServerPort
    int port;

    @Autowired
    UserService users;

    @Autowired
    JdbcClient jdbc;

    String newUser() {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        users.createUser(name, "Test user", PASSWORD, false, Caller.SYSTEM);
        users.assign(name, "mesems", Role.MONITOR, null, Caller.SYSTEM);
        return name;
    }

    @Test
    void issuesAPersonalTokenForCorrectCredentialsAndAuditsItsUse() {
        String name = newUser();
        ApiClient anonymous = new ApiClient(port, null);
        Response r = anonymous.post("/api/auth/token", Map.of("username", name, "password", PASSWORD, "name", "my script"));
        assertThat(r.status()).isEqualTo(201);
        String token = r.body().get("token").asString();
        assertThat(token).startsWith("hmn_");
        Response me = anonymous.as(token).get("/api/me");
        assertThat(me.body().get("username").asString()).isEqualTo(name);
        assertThat(actions(name)).contains("LOGIN", "TOKEN_CREATED", "TOKEN_USE");
        assertThat(jdbc.sql("select count(*) from api_token where token_sha256 = ?").param(UserService.sha256(token))
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from api_token where token_sha256 = ?").param(token).query(Integer.class).single())
                .as("the token itself is never stored").isZero();
    }

    @Test
    void refusesWrongPasswordsUnknownUsersAndUnknownTokensAlike() {
        String name = newUser();
        ApiClient anonymous = new ApiClient(port, null);
        Response wrong = anonymous.post("/api/auth/token", Map.of("username", name, "password", "not the password"));
        Response unknown = anonymous.post("/api/auth/token", Map.of("username", "nobody-here", "password", "whatever-it-is"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.body().get("detail").asString()).isEqualTo(unknown.body().get("detail").asString());
        assertThat(anonymous.as("hmn_forged").get("/api/me").status()).isEqualTo(401);
        assertThat(actions(name)).contains("LOGIN_FAILED");
    }

    @Test
    void locksTheAccountAfterFiveFailuresInARow() {
        String name = newUser();
        ApiClient anonymous = new ApiClient(port, null);
        for (int i = 0; i < UserService.LOCK_AFTER_FAILURES; i++) {
            assertThat(anonymous.post("/api/auth/token", Map.of("username", name, "password", "guess " + i)).status()).isEqualTo(401);
        }
        assertThat(anonymous.post("/api/auth/token", Map.of("username", name, "password", PASSWORD)).status())
                .as("locked even with the right password").isEqualTo(401);
        assertThat(actions(name)).contains("ACCOUNT_LOCKED");
        assertThat(jdbc.sql("select locked_until is not null from app_user where username = ?").param(name)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void formLoginNeedsTheCsrfTokenAndThenTheSessionWorksForTheApi() throws Exception {
        String name = newUser();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://localhost:" + port;
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).as("login page carries a CSRF token").isTrue();
        String csrf = m.group(1);
        HttpResponse<String> forged = browser.send(form(base + "/login", "username=" + name + "&password=" + enc(PASSWORD)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).as("a login without the CSRF token is refused").isEqualTo(403);
        HttpResponse<String> login = browser.send(form(base + "/login", "username=" + name + "&password=" + enc(PASSWORD) + "&_csrf=" + enc(csrf)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        HttpResponse<String> me = ApiContract.check(browser.send(HttpRequest.newBuilder(URI.create(base + "/api/me")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains(name);
        HttpResponse<String> post = ApiContract.check(browser.send(HttpRequest.newBuilder(URI.create(base + "/api/studies/mesems/queries"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(post.statusCode()).as("a session write without the CSRF token is refused").isEqualTo(403);
        assertThat(actions(name)).contains("LOGIN");
    }

    private static HttpRequest form(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private java.util.List<String> actions(String username) {
        return jdbc.sql("select action from audit_log where actor = ? order by seq").param(username).query(String.class).list();
    }
}
