package org.harmonia.server.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Spring Security's own tracing observations switched off. With the actuator on the class path, every filter of the
 * security chain would otherwise be wrapped in an observation of its own on every request: a measurable share of an
 * API request's CPU (docs/benchmarks.md), for traces nobody collects. Request metrics come from Spring MVC's
 * observation of the whole request and are not affected.
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservations {
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
