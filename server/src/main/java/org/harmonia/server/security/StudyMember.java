package org.harmonia.server.security;

/** A live role assignment in a study, as the user administration lists it. */
public record StudyMember(long assignmentId, String username, String displayName, Role role, String siteId) {
}
