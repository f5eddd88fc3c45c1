package org.harmonia.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests carrying {@code Authorization: Bearer <token>}; an unknown, revoked or expired token, or one
 * whose account is disabled, is refused with 401 at once. The account is read afresh on every request.
 */
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
        UserService.TokenCheck check = users.authenticateToken(header.substring("Bearer ".length()).strip(),
                SecurityConfiguration.describe(request));
        if (check.caller() == null) {
            SecurityConfiguration.problem(request, response, 401, "unauthorized", check.refusal());
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(SecurityConfiguration.authenticated(check.caller()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
