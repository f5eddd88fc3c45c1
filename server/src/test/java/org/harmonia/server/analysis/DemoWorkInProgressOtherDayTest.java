package org.harmonia.server.analysis;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.harmonia.server.security.DemoUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The same subjects on study loaded on another day, late in the afternoon of 2031-03-03 (without the completed cohort,
 * which does not move): every date moves with the server's clock, so the checks hold unchanged.
 */
@SpringBootTest(properties = {"harmonia.protocols=../protocols", "harmonia.test.database=demo-work-in-progress-other-day"})
@Import(DemoWorkInProgressOtherDayTest.OtherDay.class)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoWorkInProgressOtherDayTest extends DemoWorkInProgressChecks {
    @TestConfiguration(proxyBeanMethods = false)
    static class OtherDay {
        @Bean
        @Primary
        Clock otherDay() {
            return Clock.fixed(Instant.parse("2031-03-03T16:30:00Z"), ZoneOffset.UTC);
        }
    }

    @Autowired
    DemoUsers demoUsers;

    @Autowired
    DemoCohort cohort;

    @Autowired
    DemoWorkInProgress workInProgress;

    DemoWorkInProgress.Loaded loaded;

    @BeforeAll
    void load() {
        demoUsers.create(STUDY);
        cohort.generateList(STUDY);
        loaded = workInProgress.load(STUDY);
    }

    @Override
    DemoWorkInProgress.SiteSubjects stockholm() {
        return loaded.sites().stream().filter(s -> s.siteId().equals("07")).findFirst().orElseThrow();
    }
}
