package org.harmonia.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL: durable in a kept directory, and able to take over from a server left behind. */
class EmbeddedDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void keepsDataAcrossRestartsAndRunsWithFsyncOn() throws Exception {
        Path data = dir.resolve("db");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, true);
             Connection c = DriverManager.getConnection(db.jdbcUrl());
             Statement s = c.createStatement()) {
            s.execute("create table kept (v text)");
            s.execute("insert into kept values ('survives')");
            assertThat(setting(s, "fsync")).isEqualTo("on");
            assertThat(setting(s, "synchronous_commit")).isEqualTo("on");
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, true);
             Connection c = DriverManager.getConnection(db.jdbcUrl());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select v from kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("survives");
        }
    }

    @Test
    void takesOverFromAServerLeftRunningByAKilledJvm() throws Exception {
        Path data = dir.resolve("db");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanedServer.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("ready")) {
                // skip the child's log lines until its server is up
            }
            assertThat(line).as("child JVM started its server").startsWith("ready");
        }
        jvm.destroyForcibly().waitFor(); // SIGKILL: the JVM cannot stop its PostgreSQL
        assertThat(Files.exists(data.resolve("postmaster.pid"))).isTrue();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, true);
             Connection c = DriverManager.getConnection(db.jdbcUrl());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void aKilledServerIsStartedAgainOnTheSameDirectoryAndPortWithEveryCommittedRow() throws Exception {
        Path data = dir.resolve("db");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, true)) {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl()); Statement s = c.createStatement()) {
                s.execute("create table kept (v text)");
                s.execute("insert into kept values ('committed before the crash')");
            }
            ProcessHandle postmaster = db.postmaster();
            postmaster.destroyForcibly(); // SIGKILL: no checkpoint, postmaster.pid and the socket's lock file stay behind
            while (EmbeddedDatabase.alive(postmaster)) {
                Thread.sleep(10);
            }
            db.restart();
            assertThat(db.postmaster().pid()).isNotEqualTo(postmaster.pid());
            try (Connection c = DriverManager.getConnection(db.jdbcUrl()); // the same URL, so the same port
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select v from kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("committed before the crash");
                assertThat(setting(s, "fsync")).as("started with the settings it had").isEqualTo("on");
            }
        }
    }

    @Test
    void refusesADirectoryWhoseServerAnotherLiveJvmRuns() throws Exception {
        Path data = dir.resolve("db");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanedServer.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("ready")) {
                // skip the child's log lines until its server is up
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedDatabase.start(data, true))
                    .hasMessageContaining("in use by another running Harmonia server");
            assertThat(EmbeddedDatabase.runningServer(data)).as("the other JVM's server still runs").isPresent();
        } finally {
            jvm.destroy();
            jvm.waitFor();
            EmbeddedDatabase.stopStrayServer(data);
        }
    }

    @Test
    void removesATemporaryDirectoryAtClose() throws Exception {
        Path used;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(null, false)) {
            used = db.dataDir();
            assertThat(db.temporary()).isTrue();
            assertThat(Files.exists(used)).isTrue();
        }
        assertThat(Files.exists(used.resolve("PG_VERSION"))).isFalse();
    }

    private static String setting(Statement s, String name) throws Exception {
        try (ResultSet rs = s.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
