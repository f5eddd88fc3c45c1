package org.harmonia.server.web;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * What the pages add to the security configuration: the assets anyone may load (the sign-in page needs its
 * stylesheet before anyone has signed in) and the response headers of every page.
 */
public final class PageSecurity {
    /**
     * Our own stylesheet, scripts and the htmx webjar, and the page saying a request was refused (a sign-in
     * without its CSRF token is refused before anyone has signed in): nothing else is served without signing in.
     */
    public static final String[] PUBLIC_PATHS = java.util.stream.Stream.concat(
            AssetUrlEncodingFilter.ASSET_PREFIXES.stream().map(prefix -> prefix + "**"),
            java.util.stream.Stream.of("/favicon.ico", PageErrors.DENIED)).toArray(String[]::new);

    /**
     * Everything a page uses comes from Harmonia itself: no third-party origin, no inline script or style, no
     * plug-ins, no framing by another site, forms posting only back to Harmonia.
     */
    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
            "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'");

    private PageSecurity() {
    }

    /** A page refused by Spring Security (CSRF token missing, not allowed) answers 403 with the HTML error page. */
    public static org.springframework.security.web.access.AccessDeniedHandler accessDenied() {
        org.springframework.security.web.access.AccessDeniedHandlerImpl handler = new org.springframework.security.web.access.AccessDeniedHandlerImpl();
        handler.setErrorPage(PageErrors.DENIED);
        return handler;
    }

    public static void headers(HeadersConfigurer<HttpSecurity> headers) {
        headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny)
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN));
    }
}
