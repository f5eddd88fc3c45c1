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

    public long insert(String username, String displayName, String passwordHash, boolean administrator, String actor) {
        return jdbc.sql("""
                insert into app_user (username, display_name, password_hash, administrator, created_by)
                values (?, ?, ?, ?, ?) returning id
                """).params(username, displayName, passwordHash, administrator, actor).query(Long.class).single();
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

    public void insertToken(long userId, String name, String sha256) {
        jdbc.sql("insert into api_token (user_id, name, token_sha256) values (?, ?, ?)").params(userId, name, sha256).update();
    }

    /** The live account behind a token, touching its last use. */
    public Optional<UserAccount> byToken(String sha256) {
        return jdbc.sql("""
                update api_token t set last_used_at = now() from app_user u
                where t.token_sha256 = ? and t.revoked_at is null and u.id = t.user_id
                returning u.*
                """).param(sha256).query(UserRepository::account).optional();
    }

    private static UserAccount account(ResultSet rs, int n) throws SQLException {
        Timestamp locked = rs.getTimestamp("locked_until");
        return new UserAccount(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
                rs.getString("password_hash"), rs.getBoolean("administrator"), rs.getBoolean("enabled"),
                rs.getInt("failed_logins"), locked == null ? null : locked.toInstant());
    }
}
