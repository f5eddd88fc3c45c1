package org.harmonia.server.operations;

import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Signed-in web sessions live in PostgreSQL (Spring Session JDBC, tables of migration V17), so every instance of
 * Harmonia on one database serves every session: a load balancer may send each request anywhere. What a session
 * holds must therefore be serializable: the security context with its {@code Caller} and sign-in stamp, the CSRF
 * token, the page language and flash messages. Whether a session may go on is still decided per request from the
 * account's row ({@code SessionAccountFilter}), so an ended sign-in ends on every instance.
 */
@Configuration(proxyBeanMethods = false)
public class SharedSessions {
    /** The session cookie's name, fixed here because the security rules recognise a session request by it. */
    public static final String COOKIE = "SESSION";

    @Bean
    DefaultCookieSerializerCustomizer sessionCookieName() {
        return serializer -> serializer.setCookieName(COOKIE);
    }
}
