package org.harmonia.server.security;

/** A successful password sign-in: the caller and the stamp its session carries. */
public record SignedIn(Caller caller, SignIn stamp) {
}
