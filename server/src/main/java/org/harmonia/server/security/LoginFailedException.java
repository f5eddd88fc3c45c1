package org.harmonia.server.security;

/** A login was refused; deliberately the same for unknown users, wrong passwords and locked accounts. */
public class LoginFailedException extends RuntimeException {
    public LoginFailedException() {
        super("wrong username or password, or the account is locked");
    }
}
