package org.harmonia.server.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users, role assignments and API tokens in PostgreSQL. */
@Repository
public class UserRepository {
    private final JdbcClient jdbc;

    public UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<UserAccount> byUsername(String username) {
        return jdbc.sql("select * from app_user where username = ?").param(username).query(UserRepository::account).optional();
    }

    public Optional<UserAccount> byUsernameForUpdate(String username) {
        return jdbc.sql("select * from app_user where username = ? for update").param(username)
                .query(UserRepository::account).optional();
    }

    public long insert(String username, String displayName, String passwordHash, boolean administrator, boolean mustChangePassword,
                       String actor) {
        return jdbc.sql("""
                insert into app_user (username, display_name, password_hash, administrator, must_change_password, created_by)
                values (?, ?, ?, ?, ?, ?) returning id
                """).params(username, displayName, passwordHash, administrator, mustChangePassword, actor).query(Long.class).single();
    }

    public void recordFailure(long userId, int failedLogins, Instant lockedUntil) {
        jdbc.sql("update app_user set failed_logins = ?, locked_until = ? where id = ?")
                .params(failedLogins, lockedUntil == null ? null : Timestamp.from(lockedUntil), userId).update();
    }

    public void recordSuccess(long userId) {
        jdbc.sql("update app_user set failed_logins = 0, locked_until = null where id = ?").param(userId).update();
    }

    public List<RoleGrant> grants(long userId) {
        return jdbc.sql("""
                select id, study_id, role, site_id from role_assignment where user_id = ? and revoked_at is null
                order by study_id, role, site_id
                """).param(userId).query((rs, n) -> new RoleGrant(rs.getLong("id"), rs.getString("study_id"),
                Role.valueOf(rs.getString("role")), rs.getString("site_id"))).list();
    }

    public long assign(long userId, String studyId, Role role, String siteId, String actor) {
        return jdbc.sql("""
                insert into role_assignment (user_id, study_id, role, site_id, created_by) values (?, ?, ?, ?, ?) returning id
                """).params(userId, studyId, role.name(), siteId, actor).query(Long.class).single();
    }

    public boolean hasLiveAssignment(long userId, String studyId, Role role, String siteId) {
        return jdbc.sql("""
                select count(*) from role_assignment where user_id = ? and study_id = ? and role = ?
                  and coalesce(site_id, '') = coalesce(?, '') and revoked_at is null
                """).params(userId, studyId, role.name(), siteId).query(Integer.class).single() > 0;
    }

    public int revoke(long assignmentId, String studyId) {
        return jdbc.sql("update role_assignment set revoked_at = now() where id = ? and study_id = ? and revoked_at is null")
                .params(assignmentId, studyId).update();
    }

    /** Everyone with a live role in the study. */
    public List<StudyMember> members(String studyId) {
        return jdbc.sql("""
                select r.id, u.username, u.display_name, r.role, r.site_id from role_assignment r join app_user u on u.id = r.user_id
                where r.study_id = ? and r.revoked_at is null order by u.username, r.role, r.site_id
                """).param(studyId).query((rs, n) -> new StudyMember(rs.getLong("id"), rs.getString("username"),
                rs.getString("display_name"), Role.valueOf(rs.getString("role")), rs.getString("site_id"))).list();
    }

    public boolean studyExists(String studyId) {
        return jdbc.sql("select count(*) from study where id = ?").param(studyId).query(Integer.class).single() > 0;
    }

    public boolean siteExists(String studyId, String siteId) {
        return jdbc.sql("select count(*) from site where study_id = ? and id = ?").params(studyId, siteId)
                .query(Integer.class).single() > 0;
    }

    public long insertToken(long userId, String name, String sha256, Instant expiresAt) {
        return jdbc.sql("insert into api_token (user_id, name, token_sha256, expires_at) values (?, ?, ?, ?) returning id")
                .params(userId, name, sha256, Timestamp.from(expiresAt)).query(Long.class).single();
    }

    /** A token as stored, with its account; revoked and expired ones too, so that the refusal can say why. */
    /** A token as stored, with its account and the account's current role grants (read in the same query). */
    public record StoredToken(long id, String name, Instant expiresAt, Instant revokedAt, Instant lastUsedAt, UserAccount account,
                              List<RoleGrant> grants) {
    }

    /**
     * The token with this SHA-256, its account and the account's grants, in one round trip: every API request asks,
     * so the token, the account and the grants come back as one row per grant (one row when there is none).
     */
    public Optional<StoredToken> byToken(String sha256) {
        List<StoredToken> found = new java.util.ArrayList<>(1);
        List<RoleGrant> grants = new java.util.ArrayList<>();
        jdbc.sql("""
                select t.id as token_id, t.name as token_name, t.expires_at, t.revoked_at, t.last_used_at, u.*,
                       r.id as grant_id, r.study_id as grant_study_id, r.role as grant_role, r.site_id as grant_site_id
                from api_token t join app_user u on u.id = t.user_id
                     left join role_assignment r on r.user_id = u.id and r.revoked_at is null
                where t.token_sha256 = ? order by r.study_id, r.role, r.site_id
                """).param(sha256).query(rs -> {
                    if (found.isEmpty()) {
                        found.add(new StoredToken(rs.getLong("token_id"), rs.getString("token_name"),
                                rs.getTimestamp("expires_at").toInstant(), instant(rs, "revoked_at"), instant(rs, "last_used_at"),
                                account(rs, 0), grants));
                    }
                    if (rs.getObject("grant_id") != null) {
                        grants.add(new RoleGrant(rs.getLong("grant_id"), rs.getString("grant_study_id"),
                                Role.valueOf(rs.getString("grant_role")), rs.getString("grant_site_id")));
                    }
                });
        return found.stream().findFirst().map(t -> new StoredToken(t.id(), t.name(), t.expiresAt(), t.revokedAt(), t.lastUsedAt(),
                t.account(), List.copyOf(grants)));
    }

    public void touchToken(long tokenId) {
        jdbc.sql("update api_token set last_used_at = now() where id = ?").param(tokenId).update();
    }

    /** Moves a token's last use without waiting for the disk; to be called in a transaction of its own. */
    public void touchTokenLazily(long tokenId) {
        jdbc.sql("set local synchronous_commit to off").update();
        touchToken(tokenId);
    }

    /** A user's tokens, newest first; never the hash. */
    public List<ApiToken> tokens(long userId) {
        return jdbc.sql("""
                select id, name, created_at, last_used_at, expires_at, revoked_at from api_token where user_id = ?
                order by created_at desc, id desc
                """).param(userId).query((rs, n) -> new ApiToken(rs.getLong("id"), rs.getString("name"),
                instant(rs, "created_at"), instant(rs, "last_used_at"), instant(rs, "expires_at"), instant(rs, "revoked_at")))
                .list();
    }

    /** Marks one live token of the user revoked; 0 if it is not the user's, or already revoked. */
    public int revokeToken(long userId, long tokenId, String actor, String reason) {
        return jdbc.sql("""
                update api_token set revoked_at = now(), revoked_by = ?, revoked_reason = ?
                where id = ? and user_id = ? and revoked_at is null
                """).params(actor, reason, tokenId, userId).update();
    }

    /** Marks every live token of the user revoked; the ids revoked. */
    public List<Long> revokeAllTokens(long userId, String actor, String reason) {
        return jdbc.sql("""
                update api_token set revoked_at = now(), revoked_by = ?, revoked_reason = ?
                where user_id = ? and revoked_at is null returning id
                """).params(actor, reason, userId).query(Long.class).list();
    }

    /** Disables the account and ends its sessions (the generation moves on). */
    public void disable(long userId, String actor, String reason, Instant at) {
        jdbc.sql("""
                update app_user set enabled = false, disabled_at = ?, disabled_by = ?, disabled_reason = ?,
                  session_generation = session_generation + 1 where id = ?
                """).params(Timestamp.from(at), actor, reason, userId).update();
    }

    public void enable(long userId) {
        jdbc.sql("""
                update app_user set enabled = true, disabled_at = null, disabled_by = null, disabled_reason = null,
                  failed_logins = 0, locked_until = null where id = ?
                """).param(userId).update();
    }

    /**
     * Sets a new password, clears any lock, and moves the session generation on; returns the new generation,
     * so that the session that changed its own password can carry on.
     */
    public int setPassword(long userId, String passwordHash, boolean temporary) {
        return jdbc.sql("""
                update app_user set password_hash = ?, must_change_password = ?, failed_logins = 0, locked_until = null,
                  session_generation = session_generation + 1 where id = ? returning session_generation
                """).params(passwordHash, temporary, userId).query(Integer.class).single();
    }

    /** Every account with its live roles, for administrators. */
    public List<AccountSummary> accounts() {
        var grants = new java.util.HashMap<Long, List<RoleGrant>>();
        jdbc.sql("select id, user_id, study_id, role, site_id from role_assignment where revoked_at is null order by study_id, role, site_id")
                .query(rs -> {
                    grants.computeIfAbsent(rs.getLong("user_id"), k -> new java.util.ArrayList<>()).add(new RoleGrant(rs.getLong("id"),
                            rs.getString("study_id"), Role.valueOf(rs.getString("role")), rs.getString("site_id")));
                });
        return jdbc.sql("select * from app_user order by username").query((rs, n) -> new AccountSummary(rs.getString("username"),
                rs.getString("display_name"), rs.getBoolean("administrator"), rs.getBoolean("enabled"), instant(rs, "locked_until"),
                rs.getBoolean("must_change_password"), instant(rs, "disabled_at"), rs.getString("disabled_reason"),
                grants.getOrDefault(rs.getLong("id"), List.of()))).list();
    }

    /** What a signed-in session needs on every request, in one query by primary key: the account and its live roles. */
    public Optional<SessionAccount> sessionAccount(long userId) {
        List<SessionAccount> rows = new java.util.ArrayList<>();
        List<RoleGrant> grants = new java.util.ArrayList<>();
        jdbc.sql("""
                select u.id, u.username, u.display_name, u.administrator, u.enabled, u.must_change_password, u.session_generation,
                       r.id as grant_id, r.study_id, r.role, r.site_id
                from app_user u left join role_assignment r on r.user_id = u.id and r.revoked_at is null
                where u.id = ? order by r.study_id, r.role, r.site_id
                """).param(userId).query(rs -> {
                    if (rows.isEmpty()) {
                        rows.add(new SessionAccount(new Caller(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                                rs.getBoolean("administrator"), List.of()), rs.getBoolean("enabled"), rs.getBoolean("must_change_password"),
                                rs.getInt("session_generation")));
                    }
                    if (rs.getObject("grant_id") != null) {
                        grants.add(new RoleGrant(rs.getLong("grant_id"), rs.getString("study_id"), Role.valueOf(rs.getString("role")),
                                rs.getString("site_id")));
                    }
                });
        return rows.stream().findFirst().map(a -> a.withGrants(grants));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static UserAccount account(ResultSet rs, int n) throws SQLException {
        return new UserAccount(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                rs.getString("password_hash"), rs.getBoolean("administrator"), rs.getBoolean("enabled"),
                rs.getInt("failed_logins"), instant(rs, "locked_until"), rs.getBoolean("must_change_password"),
                rs.getInt("session_generation"));
    }
}
