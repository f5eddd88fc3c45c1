package org.harmonia.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates requests carrying {@code Authorization: Bearer <token>}; an unknown token is refused with 401 at once. */
@Component
public class BearerTokenFilter extends OncePerRequestFilter {
    private final UserService users;

    public BearerTokenFilter(UserService users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Caller> caller = users.authenticateToken(header.substring("Bearer ".length()).strip(),
                SecurityConfiguration.describe(request));
        if (caller.isEmpty()) {
            SecurityConfiguration.problem(request, response, 401, "unauthorized", "the API token is unknown or revoked");
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(SecurityConfiguration.authenticated(caller.get()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
