package org.harmonia.server.system;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The clock every "today" and "now" comes from, so tests can fix it. */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
