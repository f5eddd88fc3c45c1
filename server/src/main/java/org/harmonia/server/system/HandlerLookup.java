package org.harmonia.server.system;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.PathContainer;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Finds the controller method of a request whose path has variables ({@code /api/studies/{id}/subjects/{subjectId}})
 * without asking every mapping in full. Spring MVC looks such a path up by trying each of the application's mappings
 * (about two hundred) in turn, each asked first for its HTTP method through the request's half-dozen wrappers: an
 * eighth of the server's CPU for an adverse event saved under load (docs/benchmarks.md). A mapping whose pattern has a
 * literal segment other than the path's segment at the same place can never match it, so it is passed over before
 * Spring's own check, which still decides every mapping that remains; which method answers, and the 404, 405 and 415
 * answers for paths that match none, are unchanged. (Passing them over inside Spring's own loop is not enough: the loop
 * and a map lookup per mapping were most of the time.)
 */
@Configuration(proxyBeanMethods = false)
public class HandlerLookup {

    @Bean
    WebMvcRegistrations literalSegmentsFirst() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new LiteralSegmentsFirst();
            }
        };
    }

    /**
     * The request mapping with the literal segments compared first: the mappings whose literal segments stand in the
     * path are asked in full, and when exactly one of them matches it answers, as Spring's own lookup, which every
     * mapping would have been asked by, finds that one match too; when none or several match, when the request is a
     * CORS preflight, or when mappings were added at run time, Spring looks the path up itself.
     */
    static final class LiteralSegmentsFirst extends RequestMappingHandlerMapping {
        /** Every mapping with its literal segments and method; null: ask Spring. */
        private volatile List<Candidate> candidates;

        /** A mapping, the literal segments of its patterns, and the method that answers it. */
        record Candidate(RequestMappingInfo info, LiteralSegments literals, HandlerMethod handlerMethod) {
        }

        @Override
        public void afterPropertiesSet() {
            super.afterPropertiesSet();
            // literal segments are compared as written, so a parser that ignores case is left to Spring
            PathPatternParser parser = getPatternParser();
            if (parser == null || !parser.isCaseSensitive()) {
                return;
            }
            List<Candidate> all = new ArrayList<>();
            getHandlerMethods().forEach((info, method) -> all.add(new Candidate(info, LiteralSegments.of(info), method)));
            candidates = List.copyOf(all);
        }

        @Override
        public void registerMapping(RequestMappingInfo mapping, Object handler, Method method) {
            candidates = null;
            super.registerMapping(mapping, handler, method);
        }

        @Override
        public void unregisterMapping(RequestMappingInfo mapping) {
            candidates = null;
            super.unregisterMapping(mapping);
        }

        @Override
        protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
            List<Candidate> all = candidates;
            if (all == null || !ServletRequestPathUtils.hasParsedRequestPath(request) || CorsUtils.isPreFlightRequest(request)) {
                return super.lookupHandlerMethod(lookupPath, request);
            }
            List<PathContainer.Element> path = ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication().elements();
            Candidate found = null;
            RequestMappingInfo matched = null;
            for (Candidate c : all) {
                if (c.literals().admit(path)) {
                    RequestMappingInfo m = c.info().getMatchingCondition(request);
                    if (m != null) {
                        if (found != null) {
                            return super.lookupHandlerMethod(lookupPath, request);
                        }
                        found = c;
                        matched = m;
                    }
                }
            }
            if (found == null) {
                return super.lookupHandlerMethod(lookupPath, request);
            }
            request.setAttribute(BEST_MATCHING_HANDLER_ATTRIBUTE, found.handlerMethod());
            handleMatch(matched, lookupPath, request);
            return found.handlerMethod();
        }

        /** Spring's own lookup, for the test that compares the two. */
        HandlerMethod lookupBySpring(String lookupPath, HttpServletRequest request) throws Exception {
            return super.lookupHandlerMethod(lookupPath, request);
        }
    }

    /**
     * The literal segments of a mapping's patterns by their place among the path's elements (separators and segments
     * alike, as PathPattern matches them one element per pattern element); {@code patterns} null when some pattern
     * cannot be judged this way, and the mapping is always asked in full.
     */
    record LiteralSegments(List<List<Literal>> patterns) {
        private static final LiteralSegments ASK_IN_FULL = new LiteralSegments(null);

        /** A literal segment expected at an element's place. */
        record Literal(int element, String text) {
        }

        static LiteralSegments of(RequestMappingInfo info) {
            PathPatternsRequestCondition condition = info.getPathPatternsCondition();
            if (condition == null) {
                return ASK_IN_FULL;
            }
            List<List<Literal>> patterns = new ArrayList<>();
            for (PathPattern p : condition.getPatterns()) {
                patterns.add(of(p.getPatternString()));
            }
            return patterns.isEmpty() ? ASK_IN_FULL : new LiteralSegments(List.copyOf(patterns));
        }

        /**
         * The literal segments of one pattern up to its first element that may span several of the path's
         * ({@code **}, {@code {*rest}}), after which places are no longer fixed.
         */
        static List<Literal> of(String pattern) {
            List<Literal> found = new ArrayList<>();
            int element = 0;
            int i = 0;
            while (i < pattern.length()) {
                if (pattern.charAt(i) == '/') {
                    element++;
                    i++;
                    continue;
                }
                int end = pattern.indexOf('/', i);
                String segment = pattern.substring(i, end < 0 ? pattern.length() : end);
                if (segment.contains("**") || segment.contains("{*")) {
                    break;
                }
                if (segment.chars().noneMatch(c -> c == '{' || c == '}' || c == '*' || c == '?')) {
                    found.add(new Literal(element, segment));
                }
                element++;
                i += segment.length();
            }
            return List.copyOf(found);
        }

        /** Whether some pattern's literal segments all stand at their places in the path. */
        boolean admit(List<PathContainer.Element> path) {
            if (patterns == null) {
                return true;
            }
            for (List<Literal> pattern : patterns) {
                if (admits(pattern, path)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean admits(List<Literal> pattern, List<PathContainer.Element> path) {
            for (Literal l : pattern) {
                if (l.element() >= path.size() || !(path.get(l.element()) instanceof PathContainer.PathSegment s)
                        || !l.text().equals(s.valueToMatch())) {
                    return false;
                }
            }
            return true;
        }
    }
}
