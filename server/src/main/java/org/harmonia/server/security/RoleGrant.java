package org.harmonia.server.security;

/** One role of a user in one study; {@code siteId} is set for site roles and null otherwise. Kept in a signed-in session with its caller. */
public record RoleGrant(long id, String studyId, Role role, String siteId) implements java.io.Serializable {
}
