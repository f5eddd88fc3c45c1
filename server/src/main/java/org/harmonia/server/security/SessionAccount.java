package org.harmonia.server.security;

import java.util.List;

/** The account behind a signed-in session as it stands now: the caller rebuilt from the database and whether the session may go on. */
record SessionAccount(Caller caller, boolean enabled, boolean mustChangePassword, int sessionGeneration) {
    SessionAccount withGrants(List<RoleGrant> grants) {
        return new SessionAccount(new Caller(caller.userId(), caller.username(), caller.displayName(), caller.administrator(), grants),
                enabled, mustChangePassword, sessionGeneration);
    }
}
