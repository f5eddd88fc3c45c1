package org.harmonia.server.security;

import java.time.Instant;
import java.util.List;

/** An account as administrators see it in the list of users: its state and its live roles, never its password. */
public record AccountSummary(String username, String displayName, boolean administrator, boolean enabled, Instant lockedUntil,
                             boolean mustChangePassword, Instant disabledAt, String disabledReason, List<RoleGrant> roles) {
    public AccountSummary {
        roles = List.copyOf(roles);
    }
}
