package org.harmonia.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser for tests: its own cookies (the session), form login with the CSRF token, and API calls riding on the session. */
final class SignedInBrowser {
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;

    private SignedInBrowser(int port) {
        this.base = "http://localhost:" + port;
    }

    /** Signs in through the login form; fails the test unless the sign-in succeeds. */
    static SignedInBrowser signIn(int port, String username, String password) {
        SignedInBrowser b = new SignedInBrowser(port);
        HttpResponse<String> login = b.send(HttpRequest.newBuilder(URI.create(b.base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(username) + "&password=" + enc(password)
                        + "&_csrf=" + enc(b.csrf()))));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).as("signed in").doesNotContain("error");
        return b;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** A JSON write on the session, with the session's CSRF token as a browser page would send it. */
    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header("X-CSRF-TOKEN", csrf()).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private String csrf() {
        HttpResponse<String> page = get("/login");
        Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).as("the login page carries a CSRF token").isTrue();
        return m.group(1);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
