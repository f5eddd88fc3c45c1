package org.harmonia.server;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API description (/v3/api-docs) as a contract that every response an API test sees must keep: its status is
 * documented for the operation, its content type is one the operation names for that status, and its JSON body
 * validates against the documented schema. The description is fetched once per server.
 *
 * <p>Objects are checked closed: a field the description does not list is a mismatch, as a client generated from
 * the description would never see it. Paths under /api that match no operation must answer a problem.
 *
 * <p>To list every mismatch of a run instead of failing at the first, run the tests with
 * {@code -Dharmonia.apiContract.survey=FILE}: each mismatch is appended to FILE and the response passes.
 */
public final class ApiContract {
    private static final Map<URI, ApiContract> BY_SERVER = new ConcurrentHashMap<>();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode description;
    private final JsonNode closed;
    private final JsonNode definitions;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private ApiContract(String text) {
        this.description = JSON.readTree(text);
        ObjectNode closed = (ObjectNode) description.deepCopy();
        closed.path("components").path("schemas").forEach(ApiContract::close);
        closed.path("paths").forEach(path -> path.forEach(op -> op.path("responses")
                .forEach(r -> r.path("content").forEach(media -> close(media.path("schema"))))));
        // each checked schema becomes the root of its own JSON Schema, the components its $defs
        rewriteRefs(closed);
        this.closed = closed;
        this.definitions = closed.path("components").path("schemas");
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31());
    }

    /** The contract of the server that answered, fetched on first use. */
    public static ApiContract of(URI anyUriOfTheServer) {
        URI base = URI.create(anyUriOfTheServer.getScheme() + "://" + anyUriOfTheServer.getRawAuthority() + "/v3/api-docs");
        return BY_SERVER.computeIfAbsent(base, ApiContract::fetch);
    }

    private static final String SURVEY = "harmonia.apiContract.survey";

    /** A mismatch written to the survey file; the response goes back to its test. */
    private static final class SurveyedMismatch extends RuntimeException {
        SurveyedMismatch() {
            super(null, null, false, false);
        }
    }

    /** Checks a response seen by a test and hands it back; a mismatch fails the test. */
    public static HttpResponse<String> check(HttpResponse<String> response) {
        try {
            of(response.uri()).verify(response.request().method(), response.uri(), response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null), response.body());
        } catch (SurveyedMismatch e) {
            // written to the survey file
        }
        return response;
    }

    /** Checks a response already read into a text (a binary body as ISO-8859-1); a mismatch fails the test. */
    public static void check(String method, URI uri, int status, String contentType, String body) {
        try {
            of(uri).verify(method, uri, status, contentType, body);
        } catch (SurveyedMismatch e) {
            // written to the survey file
        }
    }

    private static ApiContract fetch(URI descriptionUri) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(descriptionUri).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + descriptionUri + " answered " + r.statusCode() + ": " + r.body());
            }
            return new ApiContract(r.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the API description at " + descriptionUri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The description as served, for tests of the description itself. */
    public JsonNode description() {
        return description;
    }

    /** Checks one response; throws an assertion error naming the operation, the status and what did not match. */
    public void verify(String method, URI uri, int status, String contentType, String body) {
        String path = uri.getRawPath();
        if (!path.startsWith("/api/")) {
            return; // pages, health and the description itself are not part of the API
        }
        Optional<String> template = template(path);
        JsonNode operation = template.map(t -> description.path("paths").path(t).path(method.toLowerCase())).orElse(null);
        if (operation == null || operation.isMissingNode()) {
            // no such path, or not with this method: the API still answers a problem, never a page or an empty body
            String what = method + " " + path + " (" + template.map(t -> "no " + method + " operation on " + t)
                    .orElse("no operation has this path") + ")";
            if (status < 400) {
                fail(what, status, "a path the description does not have answered success");
            }
            checkBody(what, status, contentType, body, "application/problem+json", "/components/schemas/Problem");
            return;
        }
        String what = method + " " + template.get();
        String code = String.valueOf(status);
        JsonNode response = operation.path("responses").path(code);
        String pointer = "/paths/" + escape(template.get()) + "/" + method.toLowerCase() + "/responses/" + code;
        if (response.isMissingNode()) {
            List<String> documented = new ArrayList<>();
            operation.path("responses").propertyNames().forEach(documented::add);
            fail(what, status, "status " + status + " is not documented (documented: " + String.join(", ", documented) + ")"
                    + bodyExcerpt(body));
        }
        if (response.has("$ref")) {
            pointer = response.get("$ref").asString().substring(1);
            response = resolve(pointer);
        }
        JsonNode content = response.path("content");
        if (body == null || body.isEmpty()) {
            if (!content.isEmpty()) {
                fail(what, status, "the body is empty; the description documents " + names(content));
            }
            return;
        }
        if (content.isEmpty()) {
            fail(what, status, "the description documents no body, but one came" + bodyExcerpt(body));
        }
        String mediaType = mediaType(contentType);
        String documentedType = null;
        for (String name : content.propertyNames()) {
            if (matches(name, mediaType)) {
                documentedType = name;
                break;
            }
        }
        if (documentedType == null) {
            fail(what, status, "content type " + contentType + " is not documented (documented: " + names(content) + ")"
                    + bodyExcerpt(body));
        }
        checkCharset(what, status, contentType);
        if (isJson(mediaType)) {
            validate(what, status, body, pointer + "/content/" + escape(documentedType) + "/schema");
        }
    }

    private void checkBody(String what, int status, String contentType, String body, String expectedType, String schemaPointer) {
        String mediaType = mediaType(contentType);
        if (body == null || body.isEmpty() || !mediaType.equals(expectedType)) {
            fail(what, status, "expected a body of type " + expectedType + ", got " + contentType + bodyExcerpt(body));
        }
        checkCharset(what, status, contentType);
        validate(what, status, body, schemaPointer);
    }

    private void validate(String what, int status, String body, String schemaPointer) {
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (RuntimeException e) {
            fail(what, status, "the body is not JSON: " + e.getMessage() + bodyExcerpt(body));
            return;
        }
        Schema schema = schemas.computeIfAbsent(schemaPointer, p -> {
            ObjectNode root = JSON.createObjectNode();
            root.set("$defs", definitions);
            root.putArray("allOf").add(closed.at(p));
            return registry.getSchema(root);
        });
        List<Error> errors = schema.validate(instance, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)));
        if (!errors.isEmpty()) {
            fail(what, status, "the body does not match the documented schema " + schemaPointer + ":\n  "
                    + errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).distinct().limit(10)
                    .collect(Collectors.joining("\n  ")) + bodyExcerpt(body));
        }
    }

    /** JSON bodies are UTF-8 (RFC 8259); a charset naming anything else garbles every non-ASCII name. */
    private static void checkCharset(String what, int status, String contentType) {
        for (String parameter : contentType.split(";")) {
            String p = parameter.trim().toLowerCase();
            if (p.startsWith("charset=") && isJson(mediaType(contentType)) && !p.equals("charset=utf-8")) {
                fail(what, status, "a JSON body sent as " + contentType + "; JSON is UTF-8");
            }
        }
    }

    /** The path template the path falls under; literal segments win over parameters, as in Spring's matching. */
    private Optional<String> template(String path) {
        String[] segments = path.split("/", -1);
        List<String> candidates = new ArrayList<>();
        for (String t : description.path("paths").propertyNames()) {
            String[] parts = t.split("/", -1);
            if (parts.length != segments.length) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < parts.length && match; i++) {
                boolean parameter = parts[i].startsWith("{") && parts[i].endsWith("}");
                match = parameter ? !segments[i].isEmpty() : parts[i].equals(segments[i]);
            }
            if (match) {
                candidates.add(t);
            }
        }
        return candidates.stream().max(Comparator.comparing(ApiContract::literalness));
    }

    /** A key ordering templates by how literal they are, segment by segment from the left. */
    private static String literalness(String template) {
        StringBuilder key = new StringBuilder();
        for (String part : template.split("/")) {
            key.append(part.startsWith("{") ? '0' : '1');
        }
        return key.toString();
    }

    private JsonNode resolve(String pointer) {
        JsonNode node = description.at(pointer);
        if (node.isMissingNode()) {
            throw new IllegalStateException("the API description has nothing at " + pointer);
        }
        return node;
    }

    /** Refuses fields an object schema does not list, unless it says what else it admits. */
    private static void close(JsonNode schema) {
        if (!(schema instanceof ObjectNode s)) {
            return;
        }
        if (s.has("properties")) {
            s.get("properties").forEach(ApiContract::close);
            if (!s.has("additionalProperties") && !s.has("unevaluatedProperties")) {
                s.put("unevaluatedProperties", false);
            }
        }
        close(s.get("items"));
        close(s.get("additionalProperties"));
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            if (s.has(combinator)) {
                s.get(combinator).forEach(ApiContract::close);
            }
        }
    }

    private static void rewriteRefs(JsonNode node) {
        if (node instanceof ObjectNode o && o.path("$ref").asString("").startsWith("#/components/schemas/")) {
            o.put("$ref", "#/$defs/" + o.get("$ref").asString().substring("#/components/schemas/".length()));
        }
        node.forEach(ApiContract::rewriteRefs);
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase();
    }

    private static boolean matches(String documented, String actual) {
        if (documented.equals("*/*") || documented.equals(actual)) {
            return true;
        }
        return documented.endsWith("/*") && actual.startsWith(documented.substring(0, documented.length() - 1));
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static String names(JsonNode content) {
        return String.join(", ", content.propertyNames());
    }

    private static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }

    private static String bodyExcerpt(String body) {
        if (body == null || body.isEmpty()) {
            return "";
        }
        return "\n  body: " + (body.length() > 600 ? body.substring(0, 600) + "…" : body);
    }

    private static void fail(String operation, int status, String what) {
        if (System.getProperty(SURVEY) != null) {
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of(System.getProperty(SURVEY)),
                        "API description mismatch: " + operation + " answered " + status + ": " + what + "\n",
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            throw new SurveyedMismatch();
        }
        throw new AssertionFailedError("API description mismatch: " + operation + " answered " + status + ": " + what);
    }
}
