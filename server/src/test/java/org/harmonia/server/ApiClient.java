package org.harmonia.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small JSON client for API tests over real HTTP, acting as the user whose API token it sends. Every response is
 * checked against the server's API description ({@link ApiContract}).
 */
public final class ApiClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final int port;
    private final String token;

    public ApiClient(int port, String token) {
        this.port = port;
        this.token = token;
    }

    /** The same server, another user's token (null: no token at all). */
    public ApiClient as(String otherToken) {
        return new ApiClient(port, otherToken);
    }

    /** A response: status and parsed body (null when empty). */
    public record Response(int status, JsonNode body, String text) {
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A response whose body is bytes (a zip), with its content type. */
    public record Download(int status, String contentType, byte[] body) {
        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** GETs a file as bytes; the response is checked against the description as any other (an error body as its text). */
    public Download download(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            String contentType = r.headers().firstValue("Content-Type").orElse(null);
            // binary bodies are compared by type only; ISO-8859-1 keeps every byte as one character for the check
            String asText = new String(r.body(), r.statusCode() >= 400 ? java.nio.charset.StandardCharsets.UTF_8
                    : java.nio.charset.StandardCharsets.ISO_8859_1);
            ApiContract.check("GET", r.uri(), r.statusCode(), contentType, asText);
            return new Download(r.statusCode(), contentType, r.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response post(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : json.writeValueAsString(body))));
    }

    /** Posts an XML document (an ODM file) as it is. */
    public Response postXml(String path, String xml) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(xml)));
    }

    public Response put(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : json.writeValueAsString(body))));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private Response send(HttpRequest.Builder b) {
        try {
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = ApiContract.check(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
            String text = r.body();
            boolean isJson = r.headers().firstValue("Content-Type").map(t -> t.contains("json")).orElse(false);
            JsonNode node = text == null || text.isBlank() || !isJson ? null : json.readTree(text);
            return new Response(r.statusCode(), node, text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
