package org.harmonia.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.harmonia.server.cli.HarmoniaCommand;
import org.harmonia.server.system.EmbeddedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code harmonia audit verify} on a data directory, with its server stopped or running, intact or tampered with. */
class AuditCommandTest {
    @TempDir
    Path dir;

    @Test
    void verifiesAStoppedDataDirectoryByStartingItsServerForTheCheck() throws Exception {
        Path data = dir.resolve("db");
        String head;
        try (TrailDatabase db = TrailDatabase.start(data)) {
            db.append(3);
            head = db.jdbc.sql("select hash from audit_log where seq = 3").query(String.class).single();
        }
        Run r = run("audit", "verify", "--data-dir", data.toString());
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).isEqualTo("audit chain intact: 3 rows\nhead: 3:" + head
                + " (keep it elsewhere; check it later with --anchor)\n");
        assertThat(Files.exists(data.resolve("postmaster.pid"))).as("the server started for the check is stopped").isFalse();

        Run anchored = run("audit", "verify", "--data-dir", data.toString(), "--anchor", "3:" + head);
        assertThat(anchored.code).isZero();
    }

    @Test
    void ignoresAPidFileLeftByADeadServer() throws Exception {
        Path data = dir.resolve("db");
        try (TrailDatabase db = TrailDatabase.start(data)) {
            db.append(1);
        }
        long dead = new ProcessBuilder("true").start().onExit().get().pid();
        Files.writeString(data.resolve("postmaster.pid"), dead + "\n" + data + "\n1700000000\n1\n/tmp\nlocalhost\n");
        Run r = run("audit", "verify", "--data-dir", data.toString());
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).startsWith("audit chain intact: 1 row\n");
    }

    @Test
    void usesTheServerAlreadyRunningOnTheDataDirectory() throws Exception {
        Path data = dir.resolve("db");
        try (TrailDatabase db = TrailDatabase.start(data)) {
            db.append(2);
            Run r = run("audit", "verify", "--data-dir", data.toString());
            assertThat(r.code).as(r.err).isZero();
            assertThat(r.out).startsWith("audit chain intact: 2 rows\n");
            assertThat(db.jdbc.sql("select count(*) from audit_log").query(Long.class).single())
                    .as("the running server was left running").isEqualTo(2);
        }
    }

    @Test
    void namesTheTamperedRowAndExitsWithOne() throws Exception {
        Path data = dir.resolve("db");
        try (TrailDatabase db = TrailDatabase.start(data)) {
            db.append(4);
            db.tamper("update audit_log set new_value = '0' where seq = 2");
            Run r = run("audit", "verify", "--data-dir", data.toString());
            assertThat(r.code).isEqualTo(1);
            assertThat(r.out).isEqualTo("audit chain broken at row 2: content changed (hash mismatch)\n");

            Run json = run("audit", "verify", "--data-dir", data.toString(), "--json");
            assertThat(json.code).isEqualTo(1);
            JsonNode v = JsonMapper.builder().build().readTree(json.out);
            assertThat(v.get("intact").asBoolean()).isFalse();
            assertThat(v.get("rowsChecked").asLong()).isEqualTo(2);
            assertThat(v.get("firstBrokenSeq").asLong()).isEqualTo(2);
            assertThat(v.get("problem").asString()).isEqualTo("content changed (hash mismatch)");
        }
    }

    @Test
    void aChainCutShortFailsAgainstTheAnchorKeptElsewhere() throws Exception {
        Path data = dir.resolve("db");
        try (TrailDatabase db = TrailDatabase.start(data)) {
            db.append(3);
            String anchor = "3:" + db.jdbc.sql("select hash from audit_log where seq = 3").query(String.class).single();
            db.tamper("delete from audit_log where seq = 3");
            assertThat(run("audit", "verify", "--data-dir", data.toString()).code).isZero();
            Run r = run("audit", "verify", "--data-dir", data.toString(), "--anchor", anchor);
            assertThat(r.code).isEqualTo(1);
            assertThat(r.out).isEqualTo("audit chain broken at row 3: the anchored row is missing; the chain ends at row 2"
                    + " (rows deleted from the end)\n");
        }
    }

    @Test
    void connectsToAnExternalDatabaseByUrl() throws Exception {
        try (TrailDatabase db = TrailDatabase.start(dir.resolve("db"))) {
            db.append(1);
            Run r = run("audit", "verify", "--db-url", "jdbc:postgresql://localhost:" + db.db.port() + "/postgres",
                    "--db-user", "postgres");
            assertThat(r.code).as(r.err).isZero();
            assertThat(r.out).startsWith("audit chain intact: 1 row\n");
        }
    }

    @Test
    void badOptionsExitWithTwo() {
        Run unknown = run("audit", "verify", "--frobnicate");
        assertThat(unknown.code).isEqualTo(2);
        assertThat(unknown.err).contains("Unknown option: '--frobnicate'");

        Run anchor = run("audit", "verify", "--data-dir", dir.toString(), "--anchor", "latest");
        assertThat(anchor.code).isEqualTo(2);
        assertThat(anchor.err).isEqualTo("--anchor: an anchor is SEQ:HASH, such as 1234:9f86d0...; got \"latest\"\n");

        Run empty = run("audit", "verify", "--data-dir", dir.resolve("nothing-here").toString());
        assertThat(empty.code).isEqualTo(2);
        assertThat(empty.err).startsWith("no Harmonia database in ").contains("nothing-here");

        Run url = run("audit", "verify", "--db-url", "mysql://localhost/trial");
        assertThat(url.code).isEqualTo(2);
        assertThat(url.err).startsWith("--db-url must be a PostgreSQL JDBC URL");
    }

    @Test
    void aDatabaseWithoutAnAuditTrailIsNamedAsSuch() throws Exception {
        Path data = dir.resolve("plain");
        EmbeddedDatabase.start(data, false).close();
        Run r = run("audit", "verify", "--data-dir", data.toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).startsWith("no audit trail in " + data.toAbsolutePath().normalize());
    }

    private static Run run(String... args) {
        CommandLine cl = HarmoniaCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {
    }
}
