package org.harmonia.server.security;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Keeps the bearer filter inside the security chain only: as a plain servlet filter it would run before security has its context. */
@Configuration(proxyBeanMethods = false)
public class FilterRegistrations {
    @Bean
    FilterRegistrationBean<BearerTokenFilter> bearerFilterOutsideSecurity(BearerTokenFilter filter) {
        FilterRegistrationBean<BearerTokenFilter> r = new FilterRegistrationBean<>(filter);
        r.setEnabled(false);
        return r;
    }
}
