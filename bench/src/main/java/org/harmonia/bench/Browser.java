package org.harmonia.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One user's browser: its own cookies (the session), its own connection, no redirects followed (a save answers
 * with a redirect, which is its success), and the CSRF token the pages put in their forms.
 */
final class Browser {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final HttpClient http;
    private String csrf;

    Browser(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager())
                .connectTimeout(TIMEOUT)
                .build();
    }

    /**
     * Signs in through the sign-in page as a person does: the page gives the session cookie and the CSRF token, the
     * form post answers with a redirect away from the sign-in page.
     */
    void signIn(String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> page = get("/login");
        expect(page, 200, "the sign-in page");
        HttpResponse<String> done = post("/login", Map.of("username", username, "password", password, "_csrf", csrfOf(page)));
        String to = done.headers().firstValue("Location").orElse("");
        if (done.statusCode() != 302 || to.contains("/login")) {
            throw new IllegalStateException("signing in as " + username + " failed: " + done.statusCode() + " to " + to);
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A form post with the session's CSRF token (read from the last page that carried one) added. */
    HttpResponse<String> submit(String path, Map<String, String> fields) throws IOException, InterruptedException {
        if (csrf == null) {
            throw new IllegalStateException("no page with a form has been read yet, so there is no CSRF token");
        }
        java.util.LinkedHashMap<String, String> all = new java.util.LinkedHashMap<>(fields);
        all.put("_csrf", csrf);
        return post(path, all);
    }

    /** Reads a page and keeps the CSRF token of its forms for the next {@link #submit}. */
    HttpResponse<String> open(String path) throws IOException, InterruptedException {
        HttpResponse<String> page = get(path);
        expect(page, 200, path);
        csrf = csrfOf(page);
        return page;
    }

    private HttpResponse<String> post(String path, Map<String, String> fields) throws IOException, InterruptedException {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrfOf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token in " + page.uri());
        }
        return m.group(1);
    }

    static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            String body = r.body() == null ? "" : r.body();
            throw new IllegalStateException(what + ": expected " + status + ", got " + r.statusCode() + " "
                    + body.substring(0, Math.min(400, body.length())));
        }
    }
}
