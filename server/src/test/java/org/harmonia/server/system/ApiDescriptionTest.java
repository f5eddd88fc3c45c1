package org.harmonia.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.harmonia.server.ApiContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The OpenAPI description itself: one problem shape for every error, the errors each operation can give, right bodies. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
class ApiDescriptionTest {
    @LocalServerPort
    int port;

    JsonNode description;

    @BeforeEach
    void description() {
        description = ApiContract.of(URI.create("http://localhost:" + port + "/")).description();
    }

    /** Every operation as "METHOD /path" with its node. */
    Map<String, JsonNode> operations() {
        Map<String, JsonNode> all = new java.util.TreeMap<>();
        for (String path : description.path("paths").propertyNames()) {
            for (String method : description.path("paths").path(path).propertyNames()) {
                all.put(method.toUpperCase() + " " + path, description.path("paths").path(path).path(method));
            }
        }
        return all;
    }

    JsonNode resolve(JsonNode response) {
        return response.has("$ref") ? description.at(response.get("$ref").asString().substring(1)) : response;
    }

    @Test
    void describesTheProblemShapeOnce() {
        JsonNode problem = description.at("/components/schemas/Problem");
        assertThat(problem.path("properties").propertyNames())
                .containsExactlyInAnyOrder("type", "title", "status", "detail", "instance", "errors", "currentVersion");
        assertThat(problem.path("required").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder("type", "title", "status", "detail");
        assertThat(problem.at("/properties/errors/items/$ref").asString()).isEqualTo("#/components/schemas/FieldError");
        assertThat(description.at("/components/schemas/FieldError/properties").propertyNames()).containsExactlyInAnyOrder("field", "message");
        for (int status : List.of(400, 401, 403, 404, 409, 413, 415, 422, 503)) {
            String name = OpenApiConfiguration.problemResponse(status).name();
            assertThat(description.at("/components/responses/" + name + "/content").propertyNames()).as(name)
                    .containsExactly("application/problem+json");
            assertThat(description.at("/components/responses/" + name + "/content/application~1problem+json/schema/$ref").asString())
                    .isEqualTo("#/components/schemas/Problem");
        }
    }

    @Test
    void everyOperationListsTheErrorsItsShapeAllows() {
        List<String> missing = new ArrayList<>();
        operations().forEach((operation, op) -> {
            Set<String> codes = new TreeSet<>(op.path("responses").propertyNames());
            boolean needsCredentials = !op.has("security") || !op.path("security").isEmpty();
            boolean hasBody = op.has("requestBody");
            boolean hasParameters = !op.path("parameters").isEmpty();
            boolean hasPathParameters = op.path("parameters").valueStream().anyMatch(p -> p.path("in").asString().equals("path"));
            Set<String> expected = new TreeSet<>(Set.of("503"));
            if (needsCredentials) {
                expected.add("401");
            }
            if (hasPathParameters) {
                expected.add("404");
            }
            if (hasBody || hasParameters) {
                expected.addAll(Set.of("400", "422"));
            }
            if (hasBody) {
                expected.addAll(Set.of("413", "415"));
            }
            if (!codes.containsAll(expected)) {
                Set<String> lacking = new TreeSet<>(expected);
                lacking.removeAll(codes);
                missing.add(operation + " lacks " + lacking);
            }
        });
        assertThat(missing).isEmpty();
        assertThat(operations().get("POST /api/auth/token").path("responses").propertyNames())
                .as("the token request checks the password it is sent, and refuses a temporary one").contains("401", "403")
                .doesNotContain("409");
        assertThat(operations().get("GET /api/me").path("responses").propertyNames()).contains("401").doesNotContain("403");
        assertThat(operations().get("POST /api/studies/{studyId}/screenings").path("responses").propertyNames()).contains("403", "409");
        assertThat(operations().get("GET /api/studies/{studyId}/subjects/{subjectId}").path("responses").propertyNames())
                .doesNotContain("409", "413");
    }

    @Test
    void everyErrorResponseIsAProblem() {
        List<String> wrong = new ArrayList<>();
        operations().forEach((operation, op) -> {
            for (String code : op.path("responses").propertyNames()) {
                if (code.startsWith("4") || code.startsWith("5")) {
                    JsonNode content = resolve(op.path("responses").path(code)).path("content");
                    if (!Set.copyOf(content.propertyNames()).equals(Set.of("application/problem+json"))
                            || !content.at("/application~1problem+json/schema/$ref").asString().equals("#/components/schemas/Problem")) {
                        wrong.add(operation + " " + code + ": " + content);
                    }
                }
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void successBodiesAreJsonObjectsOrArraysUnlessTheyAreDocuments() {
        List<String> wrong = new ArrayList<>();
        operations().forEach((operation, op) -> {
            for (String code : op.path("responses").propertyNames()) {
                JsonNode content = resolve(op.path("responses").path(code)).path("content");
                for (String mediaType : content.propertyNames()) {
                    JsonNode schema = content.path(mediaType).path("schema");
                    if (mediaType.equals("*/*")) {
                        wrong.add(operation + " " + code + " names no media type");
                    } else if ((mediaType.equals("application/json") || mediaType.endsWith("+json"))
                            && schema.path("type").asString("").equals("string")) {
                        wrong.add(operation + " " + code + " is JSON described as a string");
                    }
                }
            }
        });
        assertThat(wrong).isEmpty();
        JsonNode report = operations().get("GET /api/studies/{studyId}/reports/{kind}").at("/responses/200/content");
        assertThat(report.propertyNames()).containsExactlyInAnyOrder("text/html", "application/pdf");
        assertThat(report.at("/application~1pdf/schema/format").asString()).isEqualTo("binary");
    }

    @Test
    void aJsonTreeReturnedAsItIsIsDescribedAsAnObject() {
        io.swagger.v3.core.converter.ResolvedSchema resolved = io.swagger.v3.core.converter.ModelConverters.getInstance(true)
                .resolveAsResolvedSchema(new io.swagger.v3.core.converter.AnnotatedType(JsonNode.class).resolveAsRef(false));
        assertThat(resolved.schema.getTypes()).containsExactly("object");
        assertThat(resolved.schema.getProperties()).isNullOrEmpty();
    }

    /** Handlers of the shapes a controller may take, to describe without registering them. */
    static class Shapes {
        @org.springframework.web.bind.annotation.GetMapping("/any")
        public Object any() {
            return null;
        }

        @org.springframework.web.bind.annotation.PostMapping("/any")
        public org.springframework.http.ResponseEntity<Object> created() {
            return null;
        }
    }

    @Test
    void anObjectReturnedIsDescribedAsAJsonObjectWithItsErrors() throws Exception {
        for (String name : List.of("any", "created")) {
            io.swagger.v3.oas.models.Operation operation = new io.swagger.v3.oas.models.Operation().responses(
                    new io.swagger.v3.oas.models.responses.ApiResponses().addApiResponse("200", new io.swagger.v3.oas.models.responses.ApiResponse()
                            .content(new io.swagger.v3.oas.models.media.Content().addMediaType("*/*",
                                    new io.swagger.v3.oas.models.media.MediaType().schema(new io.swagger.v3.oas.models.media.JsonSchema())))));
            OpenApiConfiguration.describe(operation, new org.springframework.web.method.HandlerMethod(new Shapes(),
                    Shapes.class.getMethod(name)));
            io.swagger.v3.oas.models.media.Schema<?> schema = operation.getResponses().get("200").getContent().get("application/json").getSchema();
            assertThat(schema.getTypes()).as(name).containsExactly("object");
            assertThat(operation.getResponses().keySet()).as(name).contains("401", "403", "503");
            assertThat(operation.getResponses().containsKey("409")).as(name).isEqualTo(name.equals("created"));
        }
    }
}
