package org.harmonia.server.security;

import java.io.Serializable;

/**
 * What a signed-in session remembers of its sign-in, kept as the details of its authentication: the account and
 * its session generation then. The session lives while the account is enabled and the generation unchanged.
 */
public record SignIn(long userId, int sessionGeneration) implements Serializable {
}
