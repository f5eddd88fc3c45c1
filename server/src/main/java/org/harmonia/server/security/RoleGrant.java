package org.harmonia.server.security;

/** One role of a user in one study; {@code siteId} is set for site roles and null otherwise. */
public record RoleGrant(long id, String studyId, Role role, String siteId) {
}
