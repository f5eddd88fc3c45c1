package org.harmonia.server;

import java.util.UUID;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;

/** Creates users with one role each, for tests, and returns their API tokens. */
public final class TestUsers {
    private final UserService users;
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    public TestUsers(UserService users) {
        this.users = users;
    }

    /** A new user with the role in the study (at the site for site roles); returns a personal API token. */
    public String token(String name, String studyId, Role role, String siteId) {
        String username = name + "." + suffix;
        users.createUser(username, name, "correct horse battery", false, Caller.SYSTEM);
        users.assign(username, studyId, role, siteId, Caller.SYSTEM);
        return users.issueTokenFor(username, "test");
    }

    /** A new user with a site role at several sites; returns its token. */
    public String siteToken(String name, String studyId, Role role, String... sites) {
        String username = name + "." + suffix;
        users.createUser(username, name, "correct horse battery", false, Caller.SYSTEM);
        for (String site : sites) {
            users.assign(username, studyId, role, site, Caller.SYSTEM);
        }
        return users.issueTokenFor(username, "test");
    }

    public String username(String name) {
        return name + "." + suffix;
    }
}
