package org.harmonia.server.security;

import java.time.Instant;

/**
 * A user account as stored (the password hash never leaves the security package). {@code sessionGeneration}
 * grows whenever every session of the account must end; {@code mustChangePassword} marks a temporary password.
 */
public record UserAccount(long id, String username, String displayName, String passwordHash, boolean administrator,
                          boolean enabled, int failedLogins, Instant lockedUntil, boolean mustChangePassword,
                          int sessionGeneration) {
}
