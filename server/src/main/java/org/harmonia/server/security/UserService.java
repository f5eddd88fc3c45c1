package org.harmonia.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.harmonia.server.audit.AuditAction;
import org.harmonia.server.audit.AuditEvent;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.HarmoniaProperties;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.server.system.Text;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts, roles and tokens: creating users, assigning roles, checking passwords (with lock-out after
 * repeated failures) and tokens. Every login, failure, lock, refused token and first use of a token is audited.
 */
@Service
public class UserService {
    /** Failed logins in a row that lock an account. */
    public static final int LOCK_AFTER_FAILURES = 5;
    public static final Duration LOCK_DURATION = Duration.ofMinutes(15);
    public static final int MIN_PASSWORD_LENGTH = 10;
    /** bcrypt reads no further than 72 bytes: a longer password would be cut short without a word. */
    public static final int MAX_PASSWORD_BYTES = 72;
    public static final int MAX_DISPLAY_NAME = 200;
    public static final int MAX_TOKEN_NAME = 100;
    static final String ENTITY = "app_user";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration TOKEN_USE_NOTED_EVERY = Duration.ofMinutes(1);

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;
    private final Clock clock;
    private final HarmoniaProperties.Tokens tokenLifetimes;
    private final TransactionTemplate tx;
    /** When each token's last use was last written, so a token in constant use costs one write a minute, not one per request. */
    private final Map<Long, Instant> usesNoted = new ConcurrentHashMap<>();

    public UserService(UserRepository users, PasswordEncoder encoder, AuditTrail audit, Clock clock, HarmoniaProperties properties,
                       TransactionTemplate tx) {
        this.tx = tx;
        this.users = users;
        this.encoder = encoder;
        this.audit = audit;
        this.clock = clock;
        this.tokenLifetimes = properties.tokens();
    }

    /** Creates an account; only administrators may (or the platform itself, for the demo and the command line). */
    @Transactional
    public Caller createUser(String username, String displayName, String password, boolean administrator, Caller by) {
        return createUser(username, displayName, password, administrator, false, by);
    }

    /**
     * Creates an account whose first password may be one the administrator chose and passed on: with
     * {@code mustChangePassword} the user must choose their own at the first sign-in, as after a reset.
     */
    @Transactional
    public Caller createUser(String username, String displayName, String password, boolean administrator,
                             boolean mustChangePassword, Caller by) {
        if (!by.administrator()) {
            throw new org.harmonia.server.system.ForbiddenException(by.username() + " may not create users");
        }
        List<FieldError> errors = new ArrayList<>();
        if (username == null || !username.matches("[a-z0-9][a-z0-9._-]{1,62}")) {
            errors.add(new FieldError("username", "use 2 to 63 lower-case letters, digits, '.', '_' or '-'"));
        }
        String nameProblem = Text.problem(displayName, MAX_DISPLAY_NAME, false);
        if (displayName == null || displayName.isBlank()) {
            errors.add(new FieldError("displayName", "is required"));
        } else if (nameProblem != null) {
            errors.add(new FieldError("displayName", nameProblem));
        }
        String passwordProblem = passwordProblem(password);
        if (passwordProblem != null) {
            errors.add(new FieldError("password", passwordProblem));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (users.byUsername(username).isPresent()) {
            throw new ConflictException("a user \"" + username + "\" already exists");
        }
        long id = users.insert(username, displayName.strip(), encoder.encode(password), administrator, mustChangePassword,
                by.username());
        audit.record(AuditEvent.of(by.username(), AuditAction.of("USER_CREATED"), null, null, ENTITY, username,
                (administrator ? "administrator" : "user") + (mustChangePassword ? " (password to be changed at first sign-in)" : ""),
                null));
        return new Caller(id, username, displayName.strip(), administrator, List.of());
    }

    /** Gives a user a role in a study; site roles need a site of that study, other roles must not have one. */
    @Transactional
    public RoleGrant assign(String username, String studyId, Role role, String siteId, Caller by) {
        if (!by.administrator() && !by.has(studyId, Permission.MANAGE_USERS)) {
            throw new org.harmonia.server.system.ForbiddenException(by.username() + " may not manage users in study " + studyId);
        }
        if (!users.studyExists(studyId)) {
            throw new NotFoundException("no study \"" + studyId + "\"");
        }
        UserAccount user = users.byUsername(username)
                .orElseThrow(() -> new InvalidInputException("username", "no user \"" + username + "\""));
        if (role == null) {
            throw new InvalidInputException("role", "is required");
        }
        if (role.siteScoped() && (siteId == null || !users.siteExists(studyId, siteId))) {
            throw new InvalidInputException("siteId", "a " + role.label() + " needs one of the study's sites, not \"" + siteId + "\"");
        }
        if (!role.siteScoped() && siteId != null) {
            throw new InvalidInputException("siteId", "a " + role.label() + " sees every site; give no site");
        }
        if (users.hasLiveAssignment(user.id(), studyId, role, siteId)) {
            throw new ConflictException(username + " already is " + role.label() + (siteId == null ? "" : " at site " + siteId)
                    + " in " + studyId);
        }
        long id = users.assign(user.id(), studyId, role, siteId, by.username());
        audit.record(AuditEvent.of(by.username(), AuditAction.of("ROLE_GRANTED"), studyId, siteId, ENTITY, username,
                role.name(), null));
        return new RoleGrant(id, studyId, role, siteId);
    }

    @Transactional
    public void revoke(String studyId, long assignmentId, String reason, Caller by) {
        if (!by.administrator() && !by.has(studyId, Permission.MANAGE_USERS)) {
            throw new org.harmonia.server.system.ForbiddenException(by.username() + " may not manage users in study " + studyId);
        }
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "a reason is required to revoke a role");
        }
        if (users.revoke(assignmentId, studyId) == 0) {
            throw new NotFoundException("no live role assignment " + assignmentId + " in study " + studyId);
        }
        audit.record(AuditEvent.of(by.username(), AuditAction.of("ROLE_REVOKED"), studyId, null, "role_assignment",
                Long.toString(assignmentId), null, reason));
    }

    public List<StudyMember> members(String studyId, Caller by) {
        if (!by.administrator()) {
            by.require(studyId, Permission.MANAGE_USERS);
        }
        if (!users.studyExists(studyId)) {
            throw new NotFoundException("no study \"" + studyId + "\"");
        }
        return users.members(studyId);
    }

    /**
     * A password sign-in, with the stamp a session keeps to know later whether it may go on. Unknown user, wrong
     * password, locked and disabled account all fail the same way for the client; the audit trail says which.
     * The failure is committed even though the sign-in fails.
     */
    @Transactional(noRollbackFor = LoginFailedException.class)
    public SignedIn signIn(String username, String password, String channel) {
        UserAccount u = checkPassword(username, password, channel);
        users.recordSuccess(u.id());
        audit.record(AuditEvent.of(u.username(), AuditAction.of("LOGIN"), null, null, ENTITY, u.username(),
                channel + (u.mustChangePassword() ? " (temporary password: must be changed)" : ""), null));
        return new SignedIn(caller(u), new SignIn(u.id(), u.sessionGeneration()));
    }

    /**
     * The account if the password is right and the account enabled and not locked; otherwise the failure is
     * counted (five in a row lock the account), audited, and {@link LoginFailedException} thrown. The caller's
     * transaction must not roll back on it, or the count is lost.
     */
    UserAccount checkPassword(String username, String password, String channel) {
        Optional<UserAccount> found = username == null ? Optional.empty() : users.byUsernameForUpdate(username);
        Instant now = clock.instant();
        if (found.isEmpty()) {
            audit.record(AuditEvent.of(safe(username), AuditAction.of("LOGIN_FAILED"), null, null, ENTITY, safe(username),
                    channel + ": unknown user", null));
            throw new LoginFailedException();
        }
        UserAccount u = found.get();
        if (!u.enabled() || (u.lockedUntil() != null && u.lockedUntil().isAfter(now))) {
            audit.record(AuditEvent.of(u.username(), AuditAction.of("LOGIN_FAILED"), null, null, ENTITY, u.username(),
                    channel + ": account " + (u.enabled() ? "locked until " + u.lockedUntil() : "disabled"), null));
            throw new LoginFailedException();
        }
        if (password == null || !encoder.matches(password, u.passwordHash())) {
            int failures = u.failedLogins() + 1;
            Instant lock = failures >= LOCK_AFTER_FAILURES ? now.plus(LOCK_DURATION) : null;
            users.recordFailure(u.id(), failures, lock);
            audit.record(AuditEvent.of(u.username(), AuditAction.of("LOGIN_FAILED"), null, null, ENTITY, u.username(),
                    channel + ": wrong password (" + failures + " in a row)", null));
            if (lock != null) {
                audit.record(AuditEvent.of(u.username(), AuditAction.of("ACCOUNT_LOCKED"), null, null, ENTITY, u.username(),
                        "locked until " + lock + " after " + failures + " failed logins", null));
            }
            throw new LoginFailedException();
        }
        return u;
    }

    /**
     * The signed-in user's own password entered again to confirm an act (an electronic signature, 21 CFR 11.200): checked,
     * counted and audited exactly as a sign-in, so wrong ones lock the account as failed sign-ins do. Throws
     * {@link LoginFailedException}; the caller's transaction must not roll back on it, or the count is lost.
     */
    public void confirmPassword(String username, String password, String channel) {
        UserAccount u = checkPassword(username, password, channel);
        users.recordSuccess(u.id());
    }

    /** A token just issued: the token itself (shown once) and when it expires. */
    public record IssuedToken(String token, Instant expiresAt) {
    }

    /**
     * Issues a personal API token after a password check; the token is shown once and stored only as a hash.
     * It lives {@code days} days (the configured default if null), never more than the configured maximum.
     * A temporary password gets no token: the account must choose its own password first.
     */
    @Transactional(noRollbackFor = {LoginFailedException.class, PasswordChangeRequiredException.class})
    public IssuedToken issueToken(String username, String password, String name, Integer days) {
        String tokenName = tokenName(name);
        Duration lifetime = lifetime(days);
        UserAccount u = checkPassword(username, password, "token");
        users.recordSuccess(u.id());
        if (u.mustChangePassword()) {
            audit.record(AuditEvent.of(u.username(), AuditAction.of("LOGIN_FAILED"), null, null, ENTITY, u.username(),
                    "token: temporary password, must be changed first", null));
            throw new PasswordChangeRequiredException();
        }
        audit.record(AuditEvent.of(u.username(), AuditAction.of("LOGIN"), null, null, ENTITY, u.username(), "token", null));
        return newToken(u, tokenName, lifetime, u.username());
    }

    /** Issues a token of the default lifetime without a password, for the platform itself (demo users, the command line). */
    @Transactional
    public String issueTokenFor(String username, String name) {
        UserAccount u = users.byUsername(username).orElseThrow(() -> new NotFoundException("no user \"" + username + "\""));
        return newToken(u, name, lifetime(null), "system").token();
    }

    private IssuedToken newToken(UserAccount u, String name, Duration lifetime, String actor) {
        String token = "hmn_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
        Instant expires = clock.instant().plus(lifetime);
        long id = users.insertToken(u.id(), name, sha256(token), expires);
        audit.record(AuditEvent.of(actor, AuditAction.of("TOKEN_CREATED"), null, null, ENTITY, u.username(),
                name + " (token " + id + ", expires " + expires + ")", null));
        return new IssuedToken(token, expires);
    }

    private static String tokenName(String name) {
        if (name == null || name.isBlank()) {
            return "api";
        }
        return Text.singleLine("name", name, MAX_TOKEN_NAME).strip();
    }

    private Duration lifetime(Integer days) {
        int max = tokenLifetimes.maxLifetimeDays();
        if (days == null) {
            return Duration.ofDays(tokenLifetimes.lifetimeDays());
        }
        if (days < 1 || days > max) {
            throw new InvalidInputException("days", "a token lives 1 to " + max + " days, not " + days);
        }
        return Duration.ofDays(days);
    }

    /** Why a bearer token is refused, or the caller behind it. */
    public record TokenCheck(Caller caller, String refusal) {
        static TokenCheck refused(String why) {
            return new TokenCheck(null, why);
        }
    }

    /**
     * The user behind a bearer token; a refusal for an unknown, revoked or expired token or a disabled account. A
     * token is a long random secret, so it is found by its SHA-256 in one indexed read, not checked with a slow
     * password hash. Refusals and a token's first use are audited; later uses only move the token's "last used" time,
     * at most once a minute, so a request that reads writes nothing and waits for no disk.
     */
    public TokenCheck authenticateToken(String token, String request) {
        String hash = sha256(token);
        Optional<UserRepository.StoredToken> found = users.byToken(hash);
        String tokenRef = hash.substring(0, 12);
        if (found.isEmpty() || found.get().revokedAt() != null) {
            refuse(AuditEvent.of(found.map(t -> t.account().username()).orElse("anonymous"), AuditAction.of("TOKEN_REJECTED"),
                    null, null, "api_token", tokenRef, request + (found.isEmpty() ? "" : " (revoked)"), null));
            return TokenCheck.refused("the API token is unknown or revoked");
        }
        UserRepository.StoredToken t = found.get();
        Instant now = clock.instant();
        if (!t.expiresAt().isAfter(now)) {
            refuse(AuditEvent.of(t.account().username(), AuditAction.of("TOKEN_EXPIRED"), null, null, "api_token", tokenRef,
                    request + " (token " + t.id() + " expired " + t.expiresAt() + ")", null));
            return TokenCheck.refused("the API token expired at " + t.expiresAt() + "; request a new one at /api/auth/token");
        }
        if (!t.account().enabled()) {
            refuse(AuditEvent.of(t.account().username(), AuditAction.of("TOKEN_REJECTED"), null, null, "api_token", tokenRef,
                    request + " (account disabled)", null));
            return TokenCheck.refused("the account of this API token is disabled");
        }
        noteUse(t, tokenRef, request, now);
        UserAccount u = t.account();
        return new TokenCheck(new Caller(u.id(), u.username(), u.displayName(), u.administrator(), t.grants()), null);
    }

    private void refuse(AuditEvent event) {
        tx.executeWithoutResult(s -> audit.record(event));
    }

    private void noteUse(UserRepository.StoredToken t, String tokenRef, String request, Instant now) {
        if (t.lastUsedAt() == null) {
            // the first use is audited with the request that made it; a race of two first uses audits both
            tx.executeWithoutResult(s -> {
                users.touchToken(t.id());
                audit.record(AuditEvent.of(t.account().username(), AuditAction.of("TOKEN_USE"), null, null, "api_token",
                        tokenRef, request + " (first use)", null));
            });
            usesNoted.put(t.id(), now);
            return;
        }
        Instant noted = usesNoted.get(t.id());
        if (noted != null && noted.isAfter(now.minus(TOKEN_USE_NOTED_EVERY))) {
            return;
        }
        usesNoted.put(t.id(), now);
        // "last used" is a hint for the token's owner, not trial data: losing the last minute of it in a crash is harmless
        tx.executeWithoutResult(s -> users.touchTokenLazily(t.id()));
    }

    /**
     * The account behind a signed-in session as it stands now, if the session may go on: the account enabled
     * and its session generation the one the session signed in under. One query by primary key.
     */
    public Optional<SessionAccount> session(SignIn stamp) {
        return users.sessionAccount(stamp.userId())
                .filter(a -> a.enabled() && a.sessionGeneration() == stamp.sessionGeneration());
    }

    /** Why a new password is refused, or null: length (at least 10 characters, at most 72 bytes) and no control characters. */
    static String passwordProblem(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            return "must have at least " + MIN_PASSWORD_LENGTH + " characters";
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return "must have at most " + MAX_PASSWORD_BYTES + " bytes (UTF-8)";
        }
        String problem = Text.problem(password, MAX_PASSWORD_BYTES, false);
        return problem == null ? null : problem.replaceAll(" at position \\d+", "");
    }

    public Caller caller(String username) {
        return caller(users.byUsername(username).orElseThrow(() -> new NotFoundException("no user \"" + username + "\"")));
    }

    Caller caller(UserAccount u) {
        return new Caller(u.id(), u.username(), u.displayName(), u.administrator(), users.grants(u.id()));
    }

    private static String safe(String username) {
        if (username == null || username.isBlank()) {
            return "(none)";
        }
        return username.length() > 64 ? username.substring(0, 64) : username;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
