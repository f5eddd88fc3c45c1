package org.harmonia.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Re-checks the account behind a signed-in session on every request, in one query by primary key: a session
 * whose account was disabled, or whose password was changed or reset since it signed in, is ended and the
 * request goes on unauthenticated (401). The caller is rebuilt from the database, so a revoked role is gone
 * at once too. Because the check reads the database, not the session, it holds across server instances.
 */
public class SessionAccountFilter extends OncePerRequestFilter {
    /** What a session with a temporary password may still reach: who it is, the password change, signing in and out. */
    static final Set<String> ALLOWED_WITH_TEMPORARY_PASSWORD = Set.of("/api/me", "/api/me/password", "/login", "/logout", "/error",
            AccountPage.PASSWORD, "/account/language", org.harmonia.server.web.PageErrors.DENIED, "/favicon.ico");

    private final UserService users;

    public SessionAccountFilter(UserService users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (org.harmonia.server.web.AssetUrlEncodingFilter.isAsset(request)) {
            // stylesheets and scripts are the same for everyone: reading the session (from PostgreSQL) and the account
            // for each would cost more than the asset itself
            chain.doFilter(request, response);
            return;
        }
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if ((header != null && header.startsWith("Bearer ")) || a == null || !(a.getPrincipal() instanceof Caller)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<SessionAccount> account = a.getDetails() instanceof SignIn stamp ? users.session(stamp) : Optional.empty();
        if (account.isEmpty()) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
            chain.doFilter(request, response);
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication(account.get().caller(), (SignIn) a.getDetails()));
        SecurityContextHolder.setContext(context);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        // (stylesheets and scripts, which the password page needs too, never get here: see the start of this method)
        if (account.get().mustChangePassword() && !ALLOWED_WITH_TEMPORARY_PASSWORD.contains(path)) {
            if (path.startsWith("/api/")) {
                SecurityConfiguration.problem(request, response, 403, "password-change-required",
                        "the password is temporary: change it first with POST /api/me/password");
            } else {
                // a browser is taken to the page where the password is changed, whatever page it asked for
                response.sendRedirect(request.getContextPath() + AccountPage.PASSWORD + "?required");
            }
            return;
        }
        chain.doFilter(request, response);
    }

    /** The authentication of a signed-in session: the caller, with its sign-in stamp as details. */
    static Authentication authentication(Caller caller, SignIn stamp) {
        Authentication a = SecurityConfiguration.authenticated(caller);
        ((AbstractAuthenticationToken) a).setDetails(stamp);
        return a;
    }

    static Authentication authentication(SignedIn signedIn) {
        return authentication(signedIn.caller(), signedIn.stamp());
    }

    /**
     * Keeps the session that changed its own password signed in under the new generation (with a new session id),
     * while every other session of the account ends. A request without a signed-in session has nothing to keep.
     */
    static void continueSession(HttpServletRequest request, HttpServletResponse response, SignedIn signedIn) {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        HttpSession session = request.getSession(false);
        if (session == null || current == null || !(current.getDetails() instanceof SignIn)) {
            return;
        }
        request.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication(signedIn));
        SecurityContextHolder.setContext(context);
        new HttpSessionSecurityContextRepository().saveContext(context, request, response);
    }
}
