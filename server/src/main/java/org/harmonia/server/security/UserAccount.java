package org.harmonia.server.security;

import java.time.Instant;

/** A user account as stored (the password hash never leaves the security package). */
public record UserAccount(long id, String username, String displayName, String passwordHash, boolean administrator,
                          boolean enabled, int failedLogins, Instant lockedUntil) {
}
