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
        try (TrailDatabase db = TrailDatabase.start(data)) {
            db.append(3);
        }
        Run r = run("audit", "verify", "--data-dir", data.toString());
        assertThat(r.code).as(r.err).isZero();
        String head;
        try (TrailDatabase db = TrailDatabase.start(data)) {
            head = db.jdbc.sql("select hash from audit_seal where position = 1").query(String.class).single();
        }
        assertThat(r.out).as("rows left unsealed by a stopped server are sealed before the check")
                .isEqualTo("audit chain intact: 3 rows in 1 seal\nhead: seal-1:" + head
                + " (keep it elsewhere; check it later with --anchor)\n");
        assertThat(Files.exists(data.resolve("postmaster.pid"))).as("the server started for the check is stopped").isFalse();

        Run anchored = run("audit", "verify", "--data-dir", data.toString(), "--anchor", "seal-1:" + head);
        assertThat(anchored.code).isZero();
    }

    @Test
    void verifiesRowsChainedRowByRowBeforeSealsAndTheSealsAfterThem() throws Exception {
        Path data = dir.resolve("db");
        try (TrailDatabase db = TrailDatabase.start(data)) {
            db.appendChainedRowByRow(2);
            String rowHead = db.jdbc.sql("select hash from audit_log where seq = 2").query(String.class).single();
            db.append(2);
            Run r = run("audit", "verify", "--data-dir", data.toString(), "--anchor", "2:" + rowHead);
            assertThat(r.code).as(r.err).isZero();
            assertThat(r.out).startsWith("audit chain intact: 4 rows in 1 seal\nhead: seal-1:");
            assertThat(db.jdbc.sql("select prev_hash from audit_seal where position = 1").query(String.class).single())
                    .as("the first seal continues the row-by-row chain").isEqualTo(rowHead);
        }
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
        assertThat(r.out).startsWith("audit chain intact: 1 row in 1 seal\n");
    }

    @Test
    void usesTheServerAlreadyRunningOnTheDataDirectory() throws Exception {
        Path data = dir.resolve("db");
        try (TrailDatabase db = TrailDatabase.start(data)) {
            db.append(2);
            Run r = run("audit", "verify", "--data-dir", data.toString());
            assertThat(r.code).as(r.err).isZero();
            assertThat(r.out).startsWith("audit chain intact: 2 rows in 1 seal\n");
            assertThat(db.jdbc.sql("select count(*) from audit_log").query(Long.class).single())
                    .as("the running server was left running").isEqualTo(2);
        }
    }

    @Test
    void namesTheTamperedRowAndExitsWithOne() throws Exception {
        Path data = dir.resolve("db");
        try (TrailDatabase db = TrailDatabase.start(data)) {
            db.append(4);
            db.seal();
            db.tamper("update audit_log set new_value = '0' where seq = 2");
            Run r = run("audit", "verify", "--data-dir", data.toString());
            assertThat(r.code).isEqualTo(1);
            assertThat(r.out).isEqualTo("audit chain broken at seal 1: the rows of its range no longer hash to the seal"
                    + " (rows 1 to 4: one changed, or was deleted and another inserted)\n");

            Run json = run("audit", "verify", "--data-dir", data.toString(), "--json");
            assertThat(json.code).isEqualTo(1);
            JsonNode v = JsonMapper.builder().build().readTree(json.out);
            assertThat(v.get("intact").asBoolean()).isFalse();
            assertThat(v.get("rowsChecked").asLong()).isEqualTo(4);
            assertThat(v.get("brokenAt").asString()).isEqualTo("seal 1");
            assertThat(v.get("problem").asString()).startsWith("the rows of its range no longer hash to the seal");
        }
    }

    @Test
    void aChainCutShortFailsAgainstTheAnchorKeptElsewhere() throws Exception {
        Path data = dir.resolve("db");
        try (TrailDatabase db = TrailDatabase.start(data)) {
            db.append(2);
            db.seal();
            db.append(1);
            String anchor = db.seal().anchor().toString();
            db.tamper("delete from audit_seal where position = 2", "delete from audit_log where seq = 3");
            assertThat(run("audit", "verify", "--data-dir", data.toString()).code).isZero();
            Run r = run("audit", "verify", "--data-dir", data.toString(), "--anchor", anchor);
            assertThat(r.code).isEqualTo(1);
            assertThat(r.out).isEqualTo("audit chain broken at seal 2: the anchored seal is missing; the chain ends at seal 1"
                    + " (seals deleted from the end)\n");
        }
    }

    @Test
    void connectsToAnExternalDatabaseByUrl() throws Exception {
        try (TrailDatabase db = TrailDatabase.start(dir.resolve("db"))) {
            db.append(1);
            Run r = run("audit", "verify", "--db-url", "jdbc:postgresql://localhost:" + db.db.port() + "/postgres",
                    "--db-user", "postgres");
            assertThat(r.code).as(r.err).isZero();
            assertThat(r.out).startsWith("audit chain intact: 1 row in 1 seal\n");
        }
    }

    @Test
    void badOptionsExitWithTwo() {
        Run unknown = run("audit", "verify", "--frobnicate");
        assertThat(unknown.code).isEqualTo(2);
        assertThat(unknown.err).contains("Unknown option: '--frobnicate'");

        Run anchor = run("audit", "verify", "--data-dir", dir.toString(), "--anchor", "latest");
        assertThat(anchor.code).isEqualTo(2);
        assertThat(anchor.err).isEqualTo("--anchor: an anchor is seal-POSITION:HASH (or SEQ:HASH for an older row), such as seal-1234:9f86d0...; got \"latest\"\n");

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
