package org.harmonia.server.operations;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Supplier;
import org.harmonia.server.system.Problems;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Who may read the Prometheus endpoint: the machine itself (loopback) and the networks listed in
 * {@code harmonia.metrics.allowed-from} (CIDRs, comma-separated), nobody else, and never through a proxy.
 * <p>
 * Why by address and not by a user's sign-in: a scraper has no account and the metrics are for the operators who
 * run the machines, not for the study's users; the source address is the TCP peer, which a client cannot choose.
 * Why a forwarded request is refused even from an allowed address: a reverse proxy or load balancer on the same host
 * or network connects from an allowed address on behalf of anyone on the internet, so a request carrying forwarding
 * headers did not come from a scraper. Prometheus scrapes each instance directly, so nothing it needs is refused.
 * A refusal is a 403 problem, the same whether or not the caller is signed in.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsAccess {
    public static final String ENDPOINT = "/actuator/prometheus";
    private static final List<String> FORWARDING_HEADERS = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP");

    /** Before the pages' and API's chain, which would answer an unsigned scraper with the sign-in page. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain metricsFilterChain(HttpSecurity http,
                                           @Value("${harmonia.metrics.allowed-from:}") List<String> allowedFrom) throws Exception {
        AuthorizationManager<RequestAuthorizationContext> access = allowedSources(allowedFrom);
        http.securityMatcher(ENDPOINT)
                .authorizeHttpRequests(a -> a.anyRequest().access(access))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                // a scrape is a GET that changes nothing and rides on no cookie
                .csrf(c -> c.disable())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> refuse(req, res))
                        .accessDeniedHandler((req, res, ex) -> refuse(req, res)));
        return http.build();
    }

    /** Loopback and the listed networks, for requests that did not pass through a proxy; an invalid entry stops the start. */
    static AuthorizationManager<RequestAuthorizationContext> allowedSources(List<String> allowedFrom) {
        List<IpAddressMatcher> networks = allowedFrom.stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(MetricsAccess::network).toList();
        return (Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) -> {
            HttpServletRequest request = context.getRequest();
            boolean direct = FORWARDING_HEADERS.stream().allMatch(h -> request.getHeader(h) == null);
            String source = request.getRemoteAddr();
            return new AuthorizationDecision(direct && (isLoopback(source) || networks.stream().anyMatch(n -> n.matches(source))));
        };
    }

    private static IpAddressMatcher network(String cidr) {
        if (!cidr.matches("[0-9A-Fa-f:.]+(/\\d{1,3})?")) {
            throw new IllegalArgumentException("harmonia.metrics.allowed-from: '" + cidr
                    + "' is not an address or network (CIDR such as 10.0.0.0/8 or fd00::/8)");
        }
        try {
            return new IpAddressMatcher(cidr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("harmonia.metrics.allowed-from: '" + cidr + "' is not a valid network: " + e.getMessage(), e);
        }
    }

    private static boolean isLoopback(String address) {
        try {
            // the peer address is numeric, so this parses it and never asks a name server
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                "the metrics are answered to this machine and to the networks in harmonia.metrics.allowed-from, not through a proxy");
        p.setType(URI.create("https://harmonia.org/problems/metrics-refused"));
        Problems.write(request, response, p);
    }
}
