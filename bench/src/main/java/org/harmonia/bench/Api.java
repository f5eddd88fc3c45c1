package org.harmonia.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Harmonia's API with one user's personal token: how the benchmark prepares its users and subjects, untimed. */
final class Api {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();

    private final String base;
    private final String token;

    private Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    static Api as(String base, String username, String password) throws IOException, InterruptedException {
        JsonNode issued = send(base, null, "POST", "/api/auth/token", Map.of("username", username, "password", password), 201);
        return new Api(base, issued.path("token").asString());
    }

    /** A user whose token the caller already holds. */
    static Api withToken(String base, String token) {
        return new Api(base, token);
    }

    /** The personal token, for clients that send their own requests. */
    String token() {
        return token;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(base, token, "GET", path, null, 200);
    }

    JsonNode post(String path, Object body, int expected) throws IOException, InterruptedException {
        return send(base, token, "POST", path, body, expected);
    }

    private static JsonNode send(String base, String token, String method, String path, Object body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": expected " + expected + ", got " + r.statusCode() + " " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }
}
