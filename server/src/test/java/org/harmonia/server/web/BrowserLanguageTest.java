package org.harmonia.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * An account that never chose a language follows its browser's on every page of a session (the session remembers
 * that the account has none, not the browser's language of the first page); a choice then holds whatever the browser says.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class BrowserLanguageTest {
    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Test
    void anAccountWithoutALanguageFollowsItsBrowserOnEveryPageUntilItChooses() {
        TestUsers users = new TestUsers(userService);
        users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07");
        FormSession session = new FormSession(port);
        session.signIn(users.username("coordinator"), "correct horse battery");
        String dashboard = "/studies/mesems/sites/07";

        assertThat(session.get(dashboard, "de-DE,de;q=0.9").body()).contains("<html lang=\"de\"");
        assertThat(session.get(dashboard, "fr-FR,fr;q=0.9").body()).contains("<html lang=\"fr\"");
        assertThat(session.get(dashboard, "sv").body()).contains("<html lang=\"sv\"");

        assertThat(session.post("/account/language", Map.of("language", "it", "returnTo", dashboard)).statusCode()).isEqualTo(302);
        assertThat(session.get(dashboard, "fr-FR,fr;q=0.9").body()).contains("<html lang=\"it\"");
        assertThat(session.get(dashboard, "da").body()).contains("<html lang=\"it\"");
    }
}
