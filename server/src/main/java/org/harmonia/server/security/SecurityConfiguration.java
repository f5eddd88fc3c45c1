package org.harmonia.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may reach what: pages through form login with CSRF protection, scripts through personal bearer
 * tokens; everything but health, the API description and the login itself needs an authenticated user.
 * What each user may do in a study is decided by {@link Caller} in the services. The Prometheus endpoint is
 * guarded by its own chain in {@link org.harmonia.server.operations.MetricsAccess}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, BearerTokenFilter bearer, UserService users) throws Exception {
        RequestMatcher api = request -> request.getRequestURI().startsWith("/api/");
        RequestMatcher bearerRequest = request -> {
            String h = request.getHeader("Authorization");
            return h != null && h.startsWith("Bearer ");
        };
        http.authorizeHttpRequests(a -> a
                        .requestMatchers(org.harmonia.server.web.PageSecurity.PUBLIC_PATHS).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error", "/login", "/v3/api-docs",
                                "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/api/auth/token",
                                "/api/me/password").permitAll()
                        // the metrics have their own chain (MetricsAccess, by source address); a sign-in never opens them
                        .requestMatchers(org.harmonia.server.operations.MetricsAccess.ENDPOINT + "/**").denyAll()
                        .anyRequest().authenticated())
                .authenticationProvider(passwordProvider(users))
                .formLogin(f -> f.loginPage("/login").permitAll())
                .logout(l -> l.logoutSuccessUrl("/login?signedOut").permitAll())
                .headers(org.harmonia.server.web.PageSecurity::headers)
                // a bearer token is not sent by the browser on its own, so cross-site forgery cannot use it; an API call
                // without a session cookie cannot ride on a session either, and must get its 401, not a CSRF refusal
                .csrf(c -> c.ignoringRequestMatchers(bearerRequest, request -> request.getRequestURI().equals("/api/auth/token"),
                        request -> request.getRequestURI().startsWith("/api/") && !hasSessionCookie(request)))
                .addFilterBefore(bearer, UsernamePasswordAuthenticationFilter.class)
                // after CSRF, so that a write of an ended session answers 401 rather than a CSRF refusal
                .addFilterAfter(new SessionAccountFilter(users), CsrfFilter.class)
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor((req, res, ex) -> problem(req, res, 401, "unauthorized",
                                "sign in, or send a personal API token as Authorization: Bearer <token>"), api)
                        .defaultAccessDeniedHandlerFor((req, res, ex) -> problem(req, res, 403, "forbidden",
                                "the request was refused (missing or invalid CSRF token, or not allowed)"), api)
                        .defaultAccessDeniedHandlerFor(org.harmonia.server.web.PageSecurity.accessDenied(), request -> !api.matches(request)));
        return http.build();
    }

    /** Form login checks passwords through the same service as token requests, with its lock-out and audit. */
    private static AuthenticationProvider passwordProvider(UserService users) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                try {
                    return SessionAccountFilter.authentication(
                            users.signIn(authentication.getName(), String.valueOf(authentication.getCredentials()), "form"));
                } catch (LoginFailedException e) {
                    throw new BadCredentialsException(e.getMessage());
                }
            }

            @Override
            public boolean supports(Class<?> type) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
            }
        };
    }

    static Authentication authenticated(Caller c) {
        var authorities = c.grants().stream().map(g -> new SimpleGrantedAuthority(g.studyId() + ":" + g.role().name())).toList();
        return UsernamePasswordAuthenticationToken.authenticated(c, null, authorities);
    }

    private static boolean hasSessionCookie(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return false;
        }
        for (jakarta.servlet.http.Cookie c : request.getCookies()) {
            if (c.getName().equals(org.harmonia.server.operations.SharedSessions.COOKIE)) {
                return true;
            }
        }
        return false;
    }

    static void problem(HttpServletResponse res, int status, String type, String detail) throws IOException {
        problem(null, res, status, type, detail);
    }

    static void problem(HttpServletRequest req, HttpServletResponse res, int status, String type, String detail) throws IOException {
        org.springframework.http.ProblemDetail p = org.springframework.http.ProblemDetail.forStatusAndDetail(
                org.springframework.http.HttpStatus.valueOf(status), detail);
        p.setType(java.net.URI.create("https://harmonia.org/problems/" + type));
        org.harmonia.server.system.Problems.write(req, res, p);
    }

    static String describe(HttpServletRequest request) {
        return request.getMethod() + " " + request.getRequestURI();
    }
}
