package org.harmonia.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/** A page links its assets as they are served (the htmx webjar with its version) and its other links as written. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class AssetLinksTest {
    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    List<FilterRegistrationBean<?>> filters;

    @Test
    void aPageLinksTheHtmxWebjarWithItsVersionAndEveryAssetItLinksIsServed() {
        TestUsers users = new TestUsers(userService);
        users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07");
        FormSession session = new FormSession(port);
        assertThat(session.signIn(users.username("coordinator"), "correct horse battery").statusCode()).isEqualTo(302);

        String page = session.get("/studies/mesems/sites/07", "en").body();
        Matcher htmx = Pattern.compile("src=\"(/webjars/htmx\\.org/\\d+\\.\\d+\\.\\d+/dist/htmx\\.min\\.js)\"").matcher(page);
        assertThat(htmx.find()).as("the htmx link names the webjar's version").isTrue();
        for (String asset : List.of(htmx.group(1), "/css/harmonia.css", "/js/harmonia.js")) {
            assertThat(page).contains("\"" + asset + "\"");
            HttpResponse<String> served = session.get(asset, "en");
            assertThat(served.statusCode()).as(asset).isEqualTo(200);
        }
    }

    @Test
    void linksToPagesAreLeftAsWritten() {
        TestUsers users = new TestUsers(userService);
        users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07");
        FormSession session = new FormSession(port);
        session.signIn(users.username("coordinator"), "correct horse battery");

        String page = session.get("/studies/mesems/sites/07", "en").body();
        assertThat(page).contains("href=\"/studies/mesems/sites/07\"", "href=\"/studies/mesems/sites/07/screenings/new\"",
                "action=\"/account/language\"", "action=\"/logout\"");
    }

    @Test
    void onlyOneFilterRewritesLinksAndItAsksTheResourceChainOnlyAboutAssets() {
        List<Object> rewriting = filters.stream().map(FilterRegistrationBean::getFilter)
                .filter(ResourceUrlEncodingFilter.class::isInstance).map(Object.class::cast).toList();
        assertThat(rewriting).hasSize(1).first().isInstanceOf(AssetUrlEncodingFilter.class);
        assertThat(AssetUrlEncodingFilter.isAsset("/webjars/htmx.org/dist/htmx.min.js")).isTrue();
        assertThat(AssetUrlEncodingFilter.isAsset("/css/harmonia.css")).isTrue();
        assertThat(AssetUrlEncodingFilter.isAsset("/studies/mesems/subjects/MES-07-001/visits/W4/forms/mri")).isFalse();
    }
}
