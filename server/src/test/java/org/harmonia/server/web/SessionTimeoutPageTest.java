package org.harmonia.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The session ends after the configured time without a request, and the page warns before: here a session of one
 * minute (the container counts in minutes) with the warning 55 seconds before its end, so it shows after 5 seconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"harmonia.protocols=../protocols", "server.servlet.session.timeout=1m", "harmonia.session.warning-before=55s"})
@Import(FixedClockConfiguration.class)
class SessionTimeoutPageTest {
    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    Browser browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aSignedInPageWarnsBeforeTheSessionEnds() {
        TestUsers users = new TestUsers(userService);
        users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07");
        browser = Browser.start(port);
        browser.open("/login");
        assertThat(browser.all(By.id("session-warning"))).as("no session to warn about before signing in").isEmpty();

        browser.signIn(users.username("coordinator"), "correct horse battery");
        var body = browser.driver().findElement(By.tagName("body"));
        assertThat(body.getDomAttribute("data-session-seconds")).isEqualTo("60");
        assertThat(body.getDomAttribute("data-session-warning-seconds")).isEqualTo("55");
        var warning = browser.driver().findElement(By.id("session-warning"));
        assertThat(warning.isDisplayed()).as("no warning at first").isFalse();

        new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> warning.isDisplayed());
        assertThat(warning.getText()).startsWith("Your session ends in about");
        assertThat(warning.getDomAttribute("role")).isEqualTo("alert");
        browser.checked();
    }
}
