package org.harmonia.server.security;

import org.harmonia.server.system.ForbiddenException;

/** A temporary password was used where the account's own is needed: it must be changed first. */
public class PasswordChangeRequiredException extends ForbiddenException {
    public PasswordChangeRequiredException() {
        super("the password is temporary: change it first with POST /api/me/password "
                + "(username, currentPassword, newPassword), then ask for a token");
    }
}
