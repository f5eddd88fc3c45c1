package org.harmonia.server.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.harmonia.server.audit.AuditAction;
import org.harmonia.server.audit.AuditEvent;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.ForbiddenException;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.server.system.Text;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The life of an account after its creation: disabling and re-enabling it, the user's own password change,
 * an administrator's password reset, and the user's API tokens. Each of these is audited, and each that
 * must end the account's sessions moves its session generation on (see {@link SessionAccountFilter}).
 */
@Service
public class AccountService {
    public static final int MAX_REASON = 1000;
    /** Letters and digits that cannot be mistaken for each other when read out or copied by hand. */
    private static final String TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserRepository users;
    private final UserService accounts;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;
    private final Clock clock;

    public AccountService(UserRepository users, UserService accounts, PasswordEncoder encoder, AuditTrail audit, Clock clock) {
        this.users = users;
        this.accounts = accounts;
        this.encoder = encoder;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every account with its state and live roles. */
    public List<AccountSummary> accounts(Caller by) {
        requireAdministrator(by, "list users");
        return users.accounts();
    }

    /**
     * Disables an account: it can no longer sign in, its sessions end at once and its tokens are refused
     * while it stays disabled (they are not revoked: re-enabling brings back those neither revoked nor expired).
     */
    @Transactional
    public void disable(String username, String reason, Caller by) {
        requireAdministrator(by, "disable users");
        String why = reason(reason);
        UserAccount u = account(username);
        if (u.username().equals(by.username())) {
            throw new ConflictException("an administrator cannot disable their own account");
        }
        if (!u.enabled()) {
            throw new ConflictException(username + " is already disabled");
        }
        users.disable(u.id(), by.username(), why, clock.instant());
        audit.record(AuditEvent.of(by.username(), AuditAction.of("USER_DISABLED"), null, null, UserService.ENTITY, username,
                null, why));
    }

    /** Enables a disabled account again (and lifts any lock); sessions ended by the disabling stay ended. */
    @Transactional
    public void enable(String username, String reason, Caller by) {
        requireAdministrator(by, "enable users");
        String why = reason(reason);
        UserAccount u = account(username);
        if (u.enabled()) {
            throw new ConflictException(username + " is not disabled");
        }
        users.enable(u.id());
        audit.record(AuditEvent.of(by.username(), AuditAction.of("USER_ENABLED"), null, null, UserService.ENTITY, username,
                null, why));
    }

    /** A temporary password, shown once to the administrator who reset it. */
    public record TemporaryPassword(String username, String temporaryPassword) {
    }

    /**
     * Resets a password to a random temporary one that must be changed at the next sign-in; ends every session
     * of the account, revokes all its tokens and lifts any lock. The reason is optional.
     */
    @Transactional
    public TemporaryPassword resetPassword(String username, String reason, Caller by) {
        requireAdministrator(by, "reset passwords");
        String why = optionalReason(reason);
        UserAccount u = account(username);
        String temporary = temporaryPassword();
        users.setPassword(u.id(), encoder.encode(temporary), true);
        audit.record(AuditEvent.of(by.username(), AuditAction.of("PASSWORD_RESET"), null, null, UserService.ENTITY, username,
                "temporary password, to be changed at next sign-in", why));
        revokeAll(u, by, "password reset");
        return new TemporaryPassword(username, temporary);
    }

    /**
     * The user's own password change: the current password is checked with the lock-out of a sign-in, the new one
     * must be valid and different. Every session of the account ends but the one that asked (see
     * {@link SessionAccountFilter#continueSession}); tokens stay. A temporary password is changed the same way.
     */
    @Transactional(noRollbackFor = InvalidInputException.class)
    public SignedIn changePassword(String username, String currentPassword, String newPassword) {
        List<FieldError> errors = new ArrayList<>();
        if (currentPassword == null || currentPassword.isEmpty()) {
            errors.add(new FieldError("currentPassword", "is required"));
        }
        String problem = UserService.passwordProblem(newPassword);
        if (problem != null) {
            errors.add(new FieldError("newPassword", problem));
        } else if (newPassword.equals(currentPassword)) {
            errors.add(new FieldError("newPassword", "must differ from the current password"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        UserAccount u;
        try {
            u = accounts.checkPassword(username, currentPassword, "password change");
        } catch (LoginFailedException e) {
            // committed all the same (noRollbackFor): the failure counts towards the lock-out like a failed sign-in
            throw new InvalidInputException("currentPassword", "wrong username or password, or the account is locked");
        }
        int generation = users.setPassword(u.id(), encoder.encode(newPassword), false);
        audit.record(AuditEvent.of(u.username(), AuditAction.of("PASSWORD_CHANGED"), null, null, UserService.ENTITY, u.username(),
                u.mustChangePassword() ? "temporary password replaced" : null, null));
        return new SignedIn(accounts.caller(u), new SignIn(u.id(), generation));
    }

    /** The caller's own tokens, newest first. */
    public List<ApiToken> tokens(Caller caller) {
        return users.tokens(caller.userId());
    }

    /** Revokes one of the caller's own tokens; someone else's token is not found. */
    @Transactional
    public void revokeToken(long tokenId, Caller caller) {
        ApiToken t = users.tokens(caller.userId()).stream().filter(x -> x.id() == tokenId).findFirst()
                .orElseThrow(() -> new NotFoundException("no token " + tokenId + " of " + caller.username()));
        if (t.revokedAt() != null) {
            throw new ConflictException("token " + tokenId + " was already revoked at " + t.revokedAt());
        }
        if (users.revokeToken(caller.userId(), tokenId, caller.username(), "revoked by its owner") == 0) {
            throw new ConflictException("token " + tokenId + " was revoked meanwhile");
        }
        audit.record(AuditEvent.of(caller.username(), AuditAction.of("TOKEN_REVOKED"), null, null, "api_token",
                Long.toString(tokenId), t.name() + " of " + caller.username(), "revoked by its owner"));
    }

    /** Revokes every live token of a user; the number revoked. */
    @Transactional
    public int revokeAllTokens(String username, String reason, Caller by) {
        requireAdministrator(by, "revoke other users' tokens");
        String why = reason(reason);
        return revokeAll(account(username), by, why);
    }

    private int revokeAll(UserAccount u, Caller by, String why) {
        List<Long> revoked = users.revokeAllTokens(u.id(), by.username(), why);
        for (long id : revoked) {
            audit.record(AuditEvent.of(by.username(), AuditAction.of("TOKEN_REVOKED"), null, null, "api_token", Long.toString(id),
                    "token of " + u.username(), why));
        }
        return revoked.size();
    }

    private UserAccount account(String username) {
        return (username == null ? java.util.Optional.<UserAccount>empty() : users.byUsernameForUpdate(username))
                .orElseThrow(() -> new NotFoundException("no user \"" + username + "\""));
    }

    private static void requireAdministrator(Caller by, String what) {
        if (!by.administrator()) {
            throw new ForbiddenException(by.username() + " may not " + what + ": administrators only");
        }
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "a reason is required");
        }
        return Text.multiLine("reason", reason, MAX_REASON).strip();
    }

    private static String optionalReason(String reason) {
        return reason == null || reason.isBlank() ? null : Text.multiLine("reason", reason, MAX_REASON).strip();
    }

    /** Four groups of four, e.g. {@code kq7m-2xwd-9hna-u4ts}: about 78 bits, easy to read out. */
    static String temporaryPassword() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                b.append('-');
            }
            b.append(TEMPORARY_ALPHABET.charAt(RANDOM.nextInt(TEMPORARY_ALPHABET.length())));
        }
        return b.toString();
    }
}
