package org.harmonia.server.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.harmonia.server.cli.HarmoniaVersion;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI description served at /v3/api-docs (and browsable at /swagger-ui.html). Every operation lists the
 * error responses it can give, as problem details ({@code Problem}), derived by rule from its method, parameters,
 * body and security, so that an endpoint added later is described without annotations of its own; the rare
 * exception says so with {@link ErrorResponses}.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {
    static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;

    /** An error response shared by the operations, as {@code #/components/responses/<name>}. */
    record ProblemResponse(int status, String name, String description) {
    }

    static final List<ProblemResponse> PROBLEM_RESPONSES = List.of(
            new ProblemResponse(400, "BadRequest", "The request cannot be read: a body that is not JSON, an unknown or repeated "
                    + "field, a value of the wrong type, or a malformed parameter. Nothing was changed."),
            new ProblemResponse(401, "Unauthorized", "No valid credentials: no token, an unknown or revoked token, a wrong "
                    + "password or a locked account. Sign in, or send a personal API token as Authorization: Bearer <token>."),
            new ProblemResponse(403, "Forbidden", "The caller's roles do not allow this (or a session write came without its "
                    + "CSRF token)."),
            new ProblemResponse(404, "NotFound", "Not found, or at a site outside the caller's sites: both are answered alike."),
            new ProblemResponse(409, "Conflict", "The request clashes with the current state: a step not allowed now, or a "
                    + "record changed by someone else since it was read (currentVersion gives its version now). Nothing was changed."),
            new ProblemResponse(413, "ContentTooLarge", "The request body is larger than the server accepts. Nothing was changed."),
            new ProblemResponse(415, "UnsupportedMediaType", "The body is not sent as application/json. Nothing was changed."),
            new ProblemResponse(422, "InvalidInput", "Invalid input: errors names every wrong field with its message. Nothing "
                    + "was changed."),
            new ProblemResponse(503, "Unavailable", "The database cannot be reached; try again later. Nothing was changed."));

    static {
        SpringDocUtils config = SpringDocUtils.getConfig();
        // the authenticated caller is resolved from the security context, not sent by clients
        config.addRequestWrapperToIgnore(org.harmonia.server.security.Caller.class);
        // a JSON tree returned as it is (a stored protocol definition) is an object, not a bean whose getters to describe
        config.replaceWithSchema(tools.jackson.databind.JsonNode.class, typed("object"));
    }

    @Bean
    OpenAPI harmoniaOpenApi() {
        Components components = new Components()
                .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                        .scheme("bearer").description("a personal API token from POST /api/auth/token"))
                .addSchemas("FieldError", fieldErrorSchema())
                .addSchemas("Problem", problemSchema());
        for (ProblemResponse r : PROBLEM_RESPONSES) {
            components.addResponses(r.name(), new ApiResponse().description(r.description()).content(problemContent()));
        }
        return new OpenAPI().info(new Info().title("Harmonia API").version(HarmoniaVersion.current())
                .description("Multi-centre clinical trials of cell therapies: protocols, screening, visits, safety, "
                        + "data queries and the audit trail. Errors are RFC 9457 problem details (application/problem+json, "
                        + "schema Problem); validation errors (422) list every field with its message. Scripts send a personal "
                        + "API token (POST /api/auth/token) as Authorization: Bearer <token>; pages use the session of the form "
                        + "login with its CSRF token.")
                .license(new License().name("Apache-2.0")))
                .components(components)
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /** Every creating request that takes an Idempotency-Key says so, as the filter decides it. */
    @Bean
    org.springdoc.core.customizers.GlobalOpenApiCustomizer idempotencyKeyHeader() {
        return api -> api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            if (IdempotencyKeys.keyed(method.name(), path)) {
                operation.addParametersItem(new io.swagger.v3.oas.models.parameters.HeaderParameter().name(IdempotencyKeys.HEADER)
                        .required(false).schema(new io.swagger.v3.oas.models.media.StringSchema().minLength(1)
                                .maxLength(IdempotencyKeys.MAX_KEY_LENGTH))
                        .description("a key of your choice, unique per request (a UUID): a repeat with the same key returns the "
                                + "first answer and creates nothing; see docs/api.md, Idempotency keys"));
            }
        }));
    }

    /** Success bodies as JSON and the error responses each operation can give. */
    @Bean
    GlobalOperationCustomizer errorResponses() {
        return OpenApiConfiguration::describe;
    }

    static Operation describe(Operation operation, HandlerMethod handler) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        responses.values().forEach(OpenApiConfiguration::jsonInsteadOfAnything);
        if (returnsAnyObject(handler)) {
            responses.forEach((code, response) -> objectInsteadOfAnyValue(code, response));
        }
        for (int status : errorStatuses(operation, handler)) {
            String code = String.valueOf(status);
            ApiResponse declared = responses.get(code);
            if (declared == null) {
                responses.addApiResponse(code, new ApiResponse().$ref("#/components/responses/" + problemResponse(status).name()));
            } else if (declared.get$ref() == null && (declared.getContent() == null || declared.getContent().isEmpty())) {
                // an endpoint that explains one of its errors in its own words keeps them, with the problem body
                declared.content(problemContent());
            }
        }
        operation.setResponses(responses);
        return operation;
    }

    /** The rules of the issue: who may be refused what, derived from the operation as it is mapped. */
    static Set<Integer> errorStatuses(Operation operation, HandlerMethod handler) {
        boolean hasBody = operation.getRequestBody() != null;
        List<io.swagger.v3.oas.models.parameters.Parameter> parameters =
                operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean hasPathParameters = parameters.stream().anyMatch(p -> "path".equals(p.getIn()));
        // no security on the operation means the global requirement (a bearer token or a session) applies
        boolean needsCredentials = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
        Set<Integer> statuses = new TreeSet<>();
        statuses.add(503);
        if (needsCredentials) {
            statuses.add(401);
            statuses.add(403);
        }
        if (hasPathParameters) {
            statuses.add(404);
        }
        if (hasBody || !parameters.isEmpty()) {
            statuses.add(400);
            statuses.add(422);
        }
        if (hasBody) {
            statuses.add(413);
            statuses.add(415);
        }
        if (changesState(handler)) {
            statuses.add(409);
        }
        ErrorResponses corrections = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), ErrorResponses.class);
        if (corrections != null) {
            Arrays.stream(corrections.omit()).forEach(statuses::remove);
            Arrays.stream(corrections.add()).forEach(statuses::add);
        }
        return statuses;
    }

    private static boolean changesState(HandlerMethod handler) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        if (mapping == null || mapping.method().length == 0) {
            return true;
        }
        return Arrays.stream(mapping.method()).anyMatch(m -> m != RequestMethod.GET && m != RequestMethod.HEAD
                && m != RequestMethod.OPTIONS);
    }

    /** A handler declared to return Object (or ResponseEntity of it) answers a JSON object: springdoc says "any value". */
    private static boolean returnsAnyObject(HandlerMethod handler) {
        java.lang.reflect.Type type = handler.getReturnType().getGenericParameterType();
        if (type instanceof java.lang.reflect.ParameterizedType p && p.getRawType() == org.springframework.http.ResponseEntity.class) {
            type = p.getActualTypeArguments()[0];
        }
        return type == Object.class;
    }

    private static void objectInsteadOfAnyValue(String code, ApiResponse response) {
        if (!code.startsWith("2") || response.getContent() == null) {
            return;
        }
        response.getContent().forEach((type, media) -> {
            Schema<?> schema = media.getSchema();
            boolean anyValue = schema == null || (schema.get$ref() == null && schema.getType() == null
                    && (schema.getTypes() == null || schema.getTypes().isEmpty()));
            if (type.equals(JSON) && anyValue) {
                media.setSchema(typed("object"));
            }
        });
    }

    static ProblemResponse problemResponse(int status) {
        return PROBLEM_RESPONSES.stream().filter(r -> r.status() == status).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no problem response for status " + status));
    }

    /** springdoc says {@code *}/{@code *} for a body whose type no mapping names; the API answers JSON. */
    private static void jsonInsteadOfAnything(ApiResponse response) {
        Content content = response.getContent();
        if (content == null || !content.containsKey("*/*")) {
            return;
        }
        Content json = new Content();
        content.forEach((type, media) -> json.addMediaType(type.equals("*/*") ? JSON : type, media));
        response.setContent(json);
    }

    private static Content problemContent() {
        return new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")));
    }

    /** RFC 9457 problem details with Harmonia's two extensions; nothing else is ever sent. */
    private static Schema<?> problemSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", typed("string").format("uri-reference")
                .description("a URI naming the kind of problem, e.g. https://harmonia.org/problems/invalid-input"));
        properties.put("title", typed("string").description("the HTTP status in words"));
        properties.put("status", typed("integer").format("int32").description("the HTTP status code"));
        properties.put("detail", typed("string").description("what went wrong, for a person"));
        properties.put("instance", typed("string").format("uri-reference").description("the path that was requested"));
        properties.put("errors", typed("array").items(new Schema<>().$ref("#/components/schemas/FieldError"))
                .description("422 (and 400 when the field is known): every wrong field with its message"));
        properties.put("currentVersion", typed("integer").format("int32")
                .description("409 for a stale version: the version the record has now"));
        return typed("object").properties(properties).required(List.of("type", "title", "status", "detail"))
                .additionalProperties(false)
                .description("RFC 9457 problem details, the body of every error response");
    }

    private static Schema<?> fieldErrorSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("field", typed("string").description("the field, as named in the request (a.b[0].c for nested ones)"));
        properties.put("message", typed("string").description("why the value is refused"));
        return typed("object").properties(properties).required(List.of("field", "message")).additionalProperties(false);
    }

    /** OpenAPI 3.1 writes the type as a JSON Schema type set; the 3.0 field is set too for tools that read it. */
    private static Schema<Object> typed(String type) {
        Schema<Object> s = new Schema<>();
        s.setType(type);
        s.setTypes(Set.of(type));
        return s;
    }
}
