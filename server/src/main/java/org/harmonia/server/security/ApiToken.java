package org.harmonia.server.security;

import java.time.Instant;

/** A personal API token as its owner sees it: never the token itself nor its hash. */
public record ApiToken(long id, String name, Instant createdAt, Instant lastUsedAt, Instant expiresAt, Instant revokedAt) {
}
