package org.harmonia.server.operations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser reduced to what a session is: the session cookie and the last page's CSRF token, both sent by hand to
 * whichever server the request goes to, as a load balancer in front of several instances would pass them on.
 */
final class Visitor {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private String cookie;
    private String csrf;

    /** Signs in through the sign-in form of the server; the answer is the redirect away from it. */
    HttpResponse<String> signIn(String base, String username, String password) {
        get(base, "/login");
        return post(base, "/login", Map.of("username", username, "password", password));
    }

    HttpResponse<String> get(String base, String path) {
        HttpResponse<String> r = send(request(base, path).GET());
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return r;
    }

    /** A form post with the CSRF token of the last page read. */
    HttpResponse<String> post(String base, String path, Map<String, String> fields) {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((k, v) -> body.add(enc(k) + "=" + enc(v)));
        body.add("_csrf=" + enc(csrf));
        return send(request(base, path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    String cookie() {
        return cookie;
    }

    private HttpRequest.Builder request(String base, String path) {
        // a browser's Accept: a page that needs sign-in answers it with the way to the sign-in page, not a bare 401
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html,application/xhtml+xml");
        if (cookie != null) {
            b.header("Cookie", SharedSessions.COOKIE + "=" + cookie);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String c : r.headers().allValues("Set-Cookie")) {
                if (c.startsWith(SharedSessions.COOKIE + "=")) {
                    cookie = c.substring(SharedSessions.COOKIE.length() + 1, c.indexOf(';'));
                }
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
