package org.harmonia.server.system;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.RequestScope;

/**
 * Who is acting on this request; every write records it. Until user accounts exist the caller names
 * itself in the {@code X-Harmonia-User} header, and a request without it acts as {@code demo}.
 */
@Component
@RequestScope
public class CurrentUser {
    public static final String HEADER = "X-Harmonia-User";
    private final String name;

    public CurrentUser(HttpServletRequest request) {
        String header = request.getHeader(HEADER);
        this.name = header == null || header.isBlank() ? "demo" : header.strip();
    }

    public String name() {
        return name;
    }
}
