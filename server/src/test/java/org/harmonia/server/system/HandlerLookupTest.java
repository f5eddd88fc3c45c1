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
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
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
                String example = p.getPatternString().replaceAll("\\{\\*[^}]*}", "rest/of/it").replaceAll("\\{[^}]*}", "x")
                        .replace("**", "any/thing").replace("*", "x").replace("?", "x");
                assertThat(p.matches(path(example))).as(example).isTrue();
                if (!literals.admit(elements(example))) {
                    refused.add(example);
                }
            }
        }
        assertThat(refused).isEmpty();
    }

    @Test
    void aSubjectsPathIsAskedOfFewMappingsInFull() {
        List<PathContainer.Element> subject = elements("/api/studies/mesems/subjects/MES-01-001");
        long asked = mapping.getHandlerMethods().keySet().stream().filter(info -> LiteralSegments.of(info).admit(subject)).count();
        assertThat(asked).isLessThan(mapping.getHandlerMethods().size() / 10);
    }

    private static PathContainer path(String path) {
        return PathContainer.parsePath(path);
    }

    private static List<PathContainer.Element> elements(String path) {
        return path(path).elements();
    }
}
