package org.harmonia.server;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Fixes "today" at 2026-06-15 10:00 UTC so schedules, windows and deadlines are the same on every run. */
@TestConfiguration(proxyBeanMethods = false)
public class FixedClockConfiguration {
    public static final Instant NOW = Instant.parse("2026-06-15T10:00:00Z");

    @Bean
    @Primary
    Clock fixedClock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }
}
