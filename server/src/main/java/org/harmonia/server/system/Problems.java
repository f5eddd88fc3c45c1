package org.harmonia.server.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem detail straight to a servlet response, for answers given before or outside Spring MVC (filters, error pages). */
public final class Problems {
    private static final JsonMapper JSON = JsonMapper.builder()
            .addMixIn(ProblemDetail.class, org.springframework.http.converter.json.ProblemDetailJacksonMixin.class)
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .build();

    private Problems() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem) throws IOException {
        if (problem.getInstance() == null && request != null) {
            problem.setInstance(URI.create(safePath(request.getRequestURI())));
        }
        response.setStatus(problem.getStatus());
        // JSON is UTF-8 by definition (RFC 8259): the bytes are written as such, with the same media type as the controllers' problems
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        byte[] body = JSON.writeValueAsBytes(problem);
        jakarta.servlet.ServletOutputStream out;
        try {
            out = response.getOutputStream();
        } catch (IllegalStateException writerTaken) {
            // a page that failed after it began rendering (its session not saved) holds the writer; its buffer was reset
            response.getWriter().write(new String(body, StandardCharsets.UTF_8));
            return;
        }
        response.setContentLength(body.length);
        out.write(body);
    }

    /** The request path as a relative URI reference, with anything that would not make a valid one percent-encoded. */
    static String safePath(String path) {
        if (path == null) {
            return "/";
        }
        StringBuilder b = new StringBuilder();
        for (byte x : path.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }
}
