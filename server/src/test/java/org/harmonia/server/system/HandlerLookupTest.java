package org.harmonia.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.system.HandlerLookup.LiteralSegments;
import org.harmonia.server.system.HandlerLookup.LiteralSegments.Literal;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.server.PathContainer;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/** The controller lookup that compares a mapping's literal path segments before asking it in full. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class HandlerLookupTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Test
    void literalSegmentsAreKeptByTheirPlaceAmongThePathsElements() {
        assertThat(LiteralSegments.of("/api/studies/{studyId}/subjects/{subjectId}/adverse-events")).containsExactly(
                new Literal(1, "api"), new Literal(3, "studies"), new Literal(7, "subjects"), new Literal(11, "adverse-events"));
        assertThat(LiteralSegments.of("/assets/{*path}/more")).containsExactly(new Literal(1, "assets"));
        assertThat(LiteralSegments.of("/files/**/x")).containsExactly(new Literal(1, "files"));
        assertThat(LiteralSegments.of("/reports/*.csv/{id}.json/p?ge/last")).containsExactly(new Literal(1, "reports"),
                new Literal(9, "last"));
        assertThat(LiteralSegments.of("/")).isEmpty();
    }

    @Test
    void aPathIsPassedOverOnlyWhenALiteralSegmentDiffersAtItsPlace() {
        LiteralSegments subject = new LiteralSegments(List.of(LiteralSegments.of("/api/studies/{studyId}/subjects/{subjectId}")));
        assertThat(subject.admit(elements("/api/studies/mesems/subjects/MES-01-001"))).isTrue();
        assertThat(subject.admit(elements("/api/studies/mesems/visits/MES-01-001"))).isFalse();
        assertThat(subject.admit(elements("/api/studies/mesems"))).isFalse();
        assertThat(subject.admit(elements("/studies/mesems/subjects/MES-01-001"))).isFalse();
        // compared as PathPattern compares them: decoded, without matrix variables
        assertThat(subject.admit(elements("/api/stud%69es/mesems/subjects/x"))).isTrue();
        assertThat(subject.admit(elements("/api/studies;v=1/mesems/subjects/x"))).isTrue();
        // longer paths are left to the full check, which refuses them
        assertThat(subject.admit(elements("/api/studies/mesems/subjects/x/y"))).isTrue();
        LiteralSegments either = new LiteralSegments(List.of(LiteralSegments.of("/a/{x}"), LiteralSegments.of("/b/{x}")));
        assertThat(either.admit(elements("/b/1"))).isTrue();
        assertThat(either.admit(elements("/c/1"))).isFalse();
    }

    @Test
    void everyMappingOfTheApplicationAdmitsAPathOfItsOwnPatterns() {
        assertThat(mapping).isInstanceOf(HandlerLookup.LiteralSegmentsFirst.class);
        Map<RequestMappingInfo, HandlerMethod> all = mapping.getHandlerMethods();
        assertThat(all).hasSizeGreaterThan(100);
        List<String> refused = new ArrayList<>();
        for (RequestMappingInfo info : all.keySet()) {
            LiteralSegments literals = LiteralSegments.of(info);
            for (PathPattern p : info.getPathPatternsCondition().getPatterns()) {
                String example = example(p, "x");
                assertThat(p.matches(path(example))).as(example).isTrue();
                if (!literals.admit(elements(example))) {
                    refused.add(example);
                }
            }
        }
        assertThat(refused).isEmpty();
    }

    @Test
    void everyMappingsPathIsAnsweredByTheMethodSpringsOwnLookupChooses() throws Exception {
        HandlerLookup.LiteralSegmentsFirst lookup = (HandlerLookup.LiteralSegmentsFirst) mapping;
        int compared = 0;
        int answeredByAMethod = 0;
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            List<String> methods = info.getMethodsCondition().getMethods().isEmpty() ? List.of("GET", "POST")
                    : info.getMethodsCondition().getMethods().stream().map(Enum::name).toList();
            for (PathPattern p : info.getPathPatternsCondition().getPatterns()) {
                // a variable named like a literal elsewhere ("new", "list") makes two mappings match: Spring chooses
                for (String value : List.of("x", "new", "list", "current")) {
                    String example = example(p, value);
                    for (String method : methods) {
                        String answer = answer(lookup, method, example, true);
                        assertThat(answer).as(method + " " + example).isEqualTo(answer(lookup, method, example, false));
                        compared++;
                        if (answer.contains(" ")) {
                            answeredByAMethod++;
                        }
                    }
                }
            }
        }
        // and paths no mapping has: the same 404 and 405 answers
        for (String[] r : new String[][] {{"GET", "/api/nothing/here"}, {"DELETE", "/api/studies/mesems"}, {"PATCH", "/api/studies/mesems/subjects/x"}}) {
            assertThat(answer(lookup, r[0], r[1], true)).as(r[0] + " " + r[1]).isEqualTo(answer(lookup, r[0], r[1], false));
        }
        assertThat(compared).isGreaterThan(400);
        assertThat(answeredByAMethod).as("requests a controller method answered").isGreaterThan(compared / 2);
    }

    /** The method answering a request, or the class of what the lookup threw. */
    private static String answer(HandlerLookup.LiteralSegmentsFirst lookup, String method, String path, boolean literalsFirst) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setContentType("application/json");
        request.addHeader("Accept", "*/*");
        ServletRequestPathUtils.parseAndCache(request);
        try {
            HandlerMethod h = literalsFirst ? lookup.lookupHandlerMethod(path, request) : lookup.lookupBySpring(path, request);
            return h == null ? "none" : h.getMethod().toGenericString() + " " + request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        } catch (Exception e) {
            return e.getClass().getName();
        }
    }

    @Test
    void aSubjectsPathIsAskedOfFewMappingsInFull() {
        List<PathContainer.Element> subject = elements("/api/studies/mesems/subjects/MES-01-001");
        long asked = mapping.getHandlerMethods().keySet().stream().filter(info -> LiteralSegments.of(info).admit(subject)).count();
        assertThat(asked).isLessThan(mapping.getHandlerMethods().size() / 10);
    }

    /** A path the pattern matches: every variable and wildcard segment given {@code value}, a catch-all three segments. */
    private static String example(PathPattern pattern, String value) {
        return pattern.getPatternString().replaceAll("\\{\\*[^}]*}", "rest/of/it").replaceAll("\\{[^}]*}", value)
                .replace("**", "any/thing").replace("*", value).replace("?", value.substring(0, 1));
    }

    private static PathContainer path(String path) {
        return PathContainer.parsePath(path);
    }

    private static List<PathContainer.Element> elements(String path) {
        return path(path).elements();
    }
}
