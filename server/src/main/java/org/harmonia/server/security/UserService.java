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
import org.harmonia.server.system.NotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts, roles and tokens: creating users, assigning roles, checking passwords (with lock-out after
 * repeated failures) and tokens. Every login, failure, lock and token use is audited.
 */
@Service
public class UserService {
    /** Failed logins in a row that lock an account. */
    public static final int LOCK_AFTER_FAILURES = 5;
    public static final Duration LOCK_DURATION = Duration.ofMinutes(15);
    public static final int MIN_PASSWORD_LENGTH = 10;
    static final String ENTITY = "app_user";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserRepository users;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;
    private final Clock clock;

    public UserService(UserRepository users, PasswordEncoder encoder, AuditTrail audit, Clock clock) {
        this.users = users;
        this.encoder = encoder;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates an account; only administrators may (or the platform itself, for the demo and the command line). */
    @Transactional
    public Caller createUser(String username, String displayName, String password, boolean administrator, Caller by) {
        if (!by.administrator()) {
            throw new org.harmonia.server.system.ForbiddenException(by.username() + " may not create users");
        }
        List<FieldError> errors = new ArrayList<>();
        if (username == null || !username.matches("[a-z0-9][a-z0-9._-]{1,62}")) {
            errors.add(new FieldError("username", "use 2 to 63 lower-case letters, digits, '.', '_' or '-'"));
        }
        if (displayName == null || displayName.isBlank()) {
            errors.add(new FieldError("displayName", "is required"));
        }
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            errors.add(new FieldError("password", "must have at least " + MIN_PASSWORD_LENGTH + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (users.byUsername(username).isPresent()) {
            throw new ConflictException("a user \"" + username + "\" already exists");
        }
        long id = users.insert(username, displayName.strip(), encoder.encode(password), administrator, by.username());
        audit.record(AuditEvent.of(by.username(), AuditAction.of("USER_CREATED"), null, null, ENTITY, username,
                administrator ? "administrator" : "user", null));
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
     * Checks a password. Unknown user, wrong password and locked account all fail the same way for the
     * client; the audit trail says which. The failure is committed even though the login fails.
     */
    @Transactional(noRollbackFor = LoginFailedException.class)
    public Caller login(String username, String password, String channel) {
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
        users.recordSuccess(u.id());
        audit.record(AuditEvent.of(u.username(), AuditAction.of("LOGIN"), null, null, ENTITY, u.username(), channel, null));
        return caller(u);
    }

    /** Issues a personal API token after a password check; the token is shown once and stored only as a hash. */
    @Transactional(noRollbackFor = LoginFailedException.class)
    public String issueToken(String username, String password, String name) {
        Caller c = login(username, password, "token");
        String token = "hmn_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
        users.insertToken(c.userId(), name == null || name.isBlank() ? "api" : name.strip(), sha256(token));
        audit.record(AuditEvent.of(c.username(), AuditAction.of("TOKEN_CREATED"), null, null, ENTITY, c.username(),
                name, null));
        return token;
    }

    /** Issues a token without a password, for the platform itself (demo users, the command line). */
    @Transactional
    public String issueTokenFor(String username, String name) {
        UserAccount u = users.byUsername(username).orElseThrow(() -> new NotFoundException("no user \"" + username + "\""));
        String token = "hmn_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
        users.insertToken(u.id(), name, sha256(token));
        audit.record(AuditEvent.of("system", AuditAction.of("TOKEN_CREATED"), null, null, ENTITY, u.username(), name, null));
        return token;
    }

    /** The user behind a bearer token, the use audited; empty for an unknown or revoked token. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Optional<Caller> authenticateToken(String token, String request) {
        Optional<UserAccount> u = users.byToken(sha256(token));
        if (u.isEmpty() || !u.get().enabled()) {
            audit.record(AuditEvent.of("anonymous", AuditAction.of("TOKEN_REJECTED"), null, null, "api_token",
                    sha256(token).substring(0, 12), request, null));
            return Optional.empty();
        }
        audit.record(AuditEvent.of(u.get().username(), AuditAction.of("TOKEN_USE"), null, null, "api_token",
                sha256(token).substring(0, 12), request, null));
        return Optional.of(caller(u.get()));
    }

    public Caller caller(String username) {
        return caller(users.byUsername(username).orElseThrow(() -> new NotFoundException("no user \"" + username + "\"")));
    }

    private Caller caller(UserAccount u) {
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
