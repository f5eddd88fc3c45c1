package org.harmonia.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.List;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;
import org.springframework.web.servlet.resource.ResourceUrlProvider;
import org.springframework.web.servlet.resource.ResourceUrlProviderExposingInterceptor;

/**
 * Writes the links to our assets as the resource chain serves them (the htmx webjar with its version), and leaves
 * every other link of a page as written.
 *
 * <p>It replaces the framework's filter, which asks the resource chain about every link a page holds: a subject
 * page has a hundred links to visits and forms, each looked up as a possible file in four classpath folders inside
 * the packaged jar, not found, and not remembered, under a lock the request threads queue on. Under 16 concurrent
 * users that was the largest single cost of a page. Extending the framework's class keeps Boot from registering
 * its own beside this one.
 */
public class AssetUrlEncodingFilter extends ResourceUrlEncodingFilter {
    /** Where our assets live: the page security serves them to everyone, and a temporary password does not hold them back. */
    public static final List<String> ASSET_PREFIXES = List.of("/css/", "/js/", "/webjars/");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws ServletException, IOException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse page) {
            chain.doFilter(request, new AssetLinks(http, page));
        } else {
            chain.doFilter(request, response);
        }
    }

    /** Whether a link or request path (without the context path) points into our assets. */
    /** Whether the request is for a stylesheet, script or webjar. */
    public static boolean isAsset(jakarta.servlet.http.HttpServletRequest request) {
        return isAsset(request.getRequestURI().substring(request.getContextPath().length()));
    }

    public static boolean isAsset(String path) {
        for (String prefix : ASSET_PREFIXES) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static final class AssetLinks extends HttpServletResponseWrapper {
        private final HttpServletRequest request;

        AssetLinks(HttpServletRequest request, HttpServletResponse response) {
            super(response);
            this.request = request;
        }

        @Override
        public String encodeURL(String url) {
            return super.encodeURL(resolve(url));
        }

        private String resolve(String url) {
            String context = request.getContextPath();
            if (!url.startsWith(context) || !isAsset(url.substring(context.length()))
                    || !(request.getAttribute(ResourceUrlProviderExposingInterceptor.RESOURCE_URL_PROVIDER_ATTR) instanceof ResourceUrlProvider provider)) {
                return url;
            }
            int end = url.length();
            for (char c : new char[] {'?', '#'}) {
                int at = url.indexOf(c);
                if (at >= 0 && at < end) {
                    end = at;
                }
            }
            String resolved = provider.getForLookupPath(url.substring(context.length(), end));
            return resolved == null ? url : context + resolved + url.substring(end);
        }
    }
}
