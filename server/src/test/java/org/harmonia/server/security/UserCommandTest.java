package org.harmonia.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.harmonia.server.cli.HarmoniaCommand;
import org.harmonia.server.system.EmbeddedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import picocli.CommandLine;

/** {@code harmonia user add | disable | enable | reset-password} on a stopped data directory: the accounts and their audit rows. */
class UserCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String stdin, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            CommandLine cl = HarmoniaCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            return cl.execute(args);
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void createsAnAccountWithRolesAndAuditsIt() throws Exception {
        Path data = dir.resolve("db");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, false)) {
            var ds = new DriverManagerDataSource(db.jdbcUrl());
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            JdbcClient jdbc = JdbcClient.create(ds);
            jdbc.sql("insert into study (id, title, current_version) values ('mesems', 'MESEMS', '1.0')").update();
            jdbc.sql("insert into sub_trial (study_id, id, name, country) values ('mesems', 'stockholm', 'Stockholm', 'Sweden')").update();
            jdbc.sql("insert into site (study_id, id, sub_trial_id, name) values ('mesems', '07', 'stockholm', 'Karolinska')").update();
        }
        int code = run("a long enough password\n", "user", "add", "anna.berg", "--name", "Anna Berg", "--password-stdin",
                "--role", "mesems:SITE_COORDINATOR:07", "--role", "mesems:monitor", "--data-dir", data.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("user anna.berg created with 2 role(s)");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, false)) {
            JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(db.jdbcUrl()));
            assertThat(jdbc.sql("select role || coalesce(':' || site_id, '') from role_assignment r join app_user u on u.id = r.user_id "
                    + "where u.username = 'anna.berg' order by 1").query(String.class).list())
                    .containsExactly("MONITOR", "SITE_COORDINATOR:07");
            assertThat(jdbc.sql("select password_hash from app_user where username = 'anna.berg'").query(String.class).single())
                    .startsWith("{bcrypt}").doesNotContain("a long enough password");
            assertThat(jdbc.sql("select action from audit_log where entity_id = 'anna.berg' order by seq").query(String.class).list())
                    .containsExactly("USER_CREATED", "ROLE_GRANTED", "ROLE_GRANTED");
        }
    }

    @Test
    void refusesAnUnknownRoleAndAShortPasswordWithOneLine() throws Exception {
        assertThat(run("x\n", "user", "add", "bob", "--name", "Bob", "--password-stdin", "--role", "mesems:JANITOR",
                "--data-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("--role mesems:JANITOR: unknown role JANITOR; roles are SITE_INVESTIGATOR");
        Path data = dir.resolve("db2");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, false)) {
            Flyway.configure().dataSource(new DriverManagerDataSource(db.jdbcUrl())).locations("classpath:db/migration").load().migrate();
        }
        err.getBuffer().setLength(0);
        assertThat(run("short\n", "user", "add", "bob", "--name", "Bob", "--password-stdin", "--data-dir", data.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("password: must have at least 10 characters");
    }

    @Test
    void disablesEnablesAndResetsAPasswordWithTheAuditRowsAndATemporaryPasswordShownOnce() throws Exception {
        Path data = dir.resolve("db");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, false)) {
            Flyway.configure().dataSource(new DriverManagerDataSource(db.jdbcUrl())).locations("classpath:db/migration").load().migrate();
        }
        assertThat(run("a long enough password\n", "user", "add", "erik", "--name", "Erik Lund", "--password-stdin",
                "--data-dir", data.toString())).as(err.toString()).isZero();
        assertThat(run("", "user", "disable", "erik", "--data-dir", data.toString())).as("a reason is required").isEqualTo(2);
        assertThat(run("", "user", "disable", "erik", "--reason", "left the Stockholm team", "--data-dir", data.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("user erik disabled");
        assertThat(run("", "user", "disable", "erik", "--reason", "again", "--data-dir", data.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("erik is already disabled");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, false)) {
            JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(db.jdbcUrl()));
            assertThat(jdbc.sql("select enabled from app_user where username = 'erik'").query(Boolean.class).single()).isFalse();
        }
        assertThat(run("", "user", "enable", "erik", "--reason", "back from leave", "--data-dir", data.toString()))
                .as(err.toString()).isZero();
        out.getBuffer().setLength(0);
        assertThat(run("", "user", "reset-password", "erik", "--data-dir", data.toString())).as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\\R");
        assertThat(lines[0]).contains("temporary password for erik");
        String temporary = lines[1].strip();
        assertThat(run("", "user", "reset-password", "nobody", "--data-dir", data.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no user \"nobody\"");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, false)) {
            JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(db.jdbcUrl()));
            assertThat(jdbc.sql("select enabled and must_change_password from app_user where username = 'erik'")
                    .query(Boolean.class).single()).isTrue();
            String hash = jdbc.sql("select password_hash from app_user where username = 'erik'").query(String.class).single();
            assertThat(PasswordEncoderFactories.createDelegatingPasswordEncoder().matches(temporary, hash)).isTrue();
            assertThat(jdbc.sql("select actor || ' ' || action || ' ' || coalesce(reason, '') from audit_log where entity_id = 'erik' order by seq")
                    .query(String.class).list()).containsExactly("system USER_CREATED ", "system USER_DISABLED left the Stockholm team",
                    "system USER_ENABLED back from leave", "system PASSWORD_RESET ");
            assertThat(jdbc.sql("select count(*) from audit_log where new_value like ?").param("%" + temporary + "%")
                    .query(Integer.class).single()).isZero();
        }
    }
}
