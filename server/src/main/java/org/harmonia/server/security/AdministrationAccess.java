package org.harmonia.server.security;

import org.springframework.stereotype.Component;

/**
 * Whether the administration pages have anything for a caller: accounts for administrators, a study's roles for its
 * study administrators. It only decides what the navigation offers; the services decide what may be done.
 */
@Component("administration")
public class AdministrationAccess {
    public boolean opensFor(Caller caller) {
        return caller != null && (caller.administrator()
                || caller.grants().stream().anyMatch(g -> Permission.MANAGE_USERS.grantedTo(g.role())));
    }
}
