package org.harmonia.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationVersion;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.analysis.DemoCohort;
import org.harmonia.server.analysis.DemoWorkInProgress;
import org.harmonia.server.analysis.ReportService;
import org.harmonia.server.analysis.SnapshotLoader;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.queries.QueryRequests;
import org.harmonia.server.queries.QueryService;
import org.harmonia.server.reports.ReportFormat;
import org.harmonia.server.reports.ReportRenderers;
import org.harmonia.server.security.DemoUsers;
import org.harmonia.server.security.UserService;
import org.harmonia.server.stats.CliRun;
import org.harmonia.server.system.DatabaseConfiguration;
import org.harmonia.server.system.EmbeddedDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code harmonia backup} of the running server's embedded database, taken while queries are being raised, and
 * {@code harmonia restore} of it into an empty directory: one snapshot, the same rows, the same audit chain and head,
 * the same reports; and the files and directories a restore refuses without leaving anything behind.
 */
@SpringBootTest(properties = {"harmonia.protocols=../protocols", "harmonia.test.database=backup-restore"})
@Import(FixedClockConfiguration.class)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupRestoreTest {
    static final String STUDY = "mesems";

    @Autowired
    DataSource dataSource;

    @Autowired
    DatabaseConfiguration.EmbeddedDatabaseHolder embedded;

    @Autowired
    DemoUsers demoUsers;

    @Autowired
    DemoCohort cohort;

    @Autowired
    DemoWorkInProgress workInProgress;

    @Autowired
    QueryService queries;

    @Autowired
    UserService users;

    @Autowired
    ProtocolCatalog catalog;

    @Autowired
    JsonMapper json;

    @Autowired
    Clock clock;

    @TempDir
    static Path files;

    JdbcClient source;
    Path sourceDataDir;
    Path valid;

    @BeforeAll
    void loadAStudyAndBackUpItsRunningServer() {
        demoUsers.create(STUDY);
        cohort.generateList(STUDY);
        workInProgress.load(STUDY);
        source = JdbcClient.create(dataSource);
        sourceDataDir = embedded.database().dataDir();
        valid = files.resolve("valid.zip");
        CliRun backup = run("backup", "--data-dir", sourceDataDir.toString(), "--out", valid.toString());
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        assertThat(backup.out()).startsWith("backup of " + sourceDataDir + " (running server on port ").contains(" written to " + valid);
    }

    /**
     * The data manager raises queries (a query row and its audit rows in one transaction each) before, during and after a
     * backup of the database by URL; the restored copy is the source as it was at one moment, audit chain included, and
     * gives the same reports, which queries do not enter.
     */
    @Test
    void aBackupTakenWhileQueriesAreRaisedRestoresOneSnapshotWithTheSameReports() throws Exception {
        Map<String, String> untouched = digests(source);
        long headBefore = head(source);
        long formRecord = count(source, "select min(id) from form_record where form_id = 'vital_signs' and not voided");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger raised = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            var dataManager = users.caller(DemoUsers.DATA_MANAGER);
            while (!stop.get()) {
                queries.raise(STUDY, new QueryRequests.Raise(formRecord, "systolic_bp", "Please confirm the reading " + raised.get()),
                        dataManager);
                raised.incrementAndGet();
            }
        });
        Path file = files.resolve("during-writes.zip");
        CliRun backup;
        try {
            awaitRaised(raised, 3, writer);
            backup = run("backup", "--db-url", "jdbc:postgresql://localhost:" + embedded.database().port() + "/postgres",
                    "--db-user", "postgres", "--out", file.toString());
            awaitRaised(raised, raised.get() + 2, writer);
        } finally {
            stop.set(true);
            writer.get(30, TimeUnit.SECONDS);
        }
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        BackupManifest manifest;
        try (BackupFile f = BackupFile.open(file)) {
            manifest = f.manifest();
        }
        assertThat(manifest.auditChainHead()).as("the last seal in the snapshot").matches("seal-[0-9]+:[0-9a-f]{64}");
        assertThat(backup.out()).contains("audit chain head " + manifest.auditChainHead());
        assertThat(manifest.tables()).extracting(BackupManifest.Table::name).contains("audit_log", "subject", "form_record",
                "allocation", "randomisation_slot", "app_user", "data_query").doesNotContain(SchemaCatalog.FLYWAY_HISTORY);
        List<MigrationVersion> migrations = Migrations.available();
        assertThat(manifest.schemaVersion()).isEqualTo(migrations.get(migrations.size() - 1).getVersion());

        Path restoredDir = files.resolve("restored");
        // what a killed restore to the same target left behind
        long deadPid = new ProcessBuilder("true").start().onExit().get().pid();
        Path abandoned = Files.createDirectories(files.resolve(".restored.restoring-" + deadPid));
        Files.writeString(abandoned.resolve("PG_VERSION"), "17\n");
        CliRun restore = run("restore", file.toString(), "--data-dir", restoredDir.toString());
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(restore.err()).isEmpty();
        assertThat(restore.out()).startsWith("restored " + file).contains("head " + manifest.auditChainHead() + " as recorded")
                .endsWith("\n");
        assertThat(restore.out().strip()).as("one line").doesNotContain("\n");
        assertThat(abandoned).as("removed by the next restore to the same target").doesNotExist();
        try (var content = Files.list(files)) {
            assertThat(content.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("restoring"));
        }

        try (EmbeddedDatabase db = EmbeddedDatabase.start(restoredDir, false)) {
            DataSource restoredSource = new DriverManagerDataSource(db.jdbcUrl());
            JdbcClient restored = JdbcClient.create(restoredSource);
            // one writer: its rows commit in the order of their numbers, so the snapshot holds exactly those up to its last
            long head = head(restored);
            assertThat(head).as("the snapshot's last row lies between the rows written before it and those written after it")
                    .isGreaterThan(headBefore).isLessThan(head(source));
            assertThat(count(restored, "select count(*) from audit_log"))
                    .isEqualTo(count(source, "select count(*) from audit_log where seq <= " + head));
            for (BackupManifest.Table t : manifest.tables()) {
                assertThat(count(restored, "select count(*) from " + t.name())).as(t.name()).isEqualTo(t.rows());
            }
            // a query and its audit rows are written in one transaction: one snapshot sees both or neither
            long queriesRestored = count(restored, "select count(*) from data_query");
            assertThat(count(restored, "select count(distinct entity_id) from audit_log where entity_type = 'data_query'"
                    + " and action = 'INSERT'")).isEqualTo(queriesRestored);
            assertThat(queriesRestored).isLessThan(count(source, "select count(*) from data_query"));

            // the source as it was at the snapshot: the writer only added queries and their audit rows, which were sealed
            Map<String, String> changed = new LinkedHashMap<>(digests(source));
            changed.entrySet().removeIf(e -> e.getValue().equals(untouched.get(e.getKey())));
            assertThat(changed.keySet()).containsExactlyInAnyOrder("audit_log", "audit_seal", "data_query", "data_query_event");
            Map<String, String> restoredDigests = digests(restored);
            assertThat(restoredDigests.keySet()).isEqualTo(untouched.keySet());
            // the one row a restore changes on purpose: its new cluster stamps new audit rows after the copied ones
            assertThat(count(restored, "select count(*) from audit_log where xid >= (select audit_xact_stamp())")).isZero();
            untouched.forEach((table, digest) -> {
                if (!changed.containsKey(table) && !table.equals("audit_xid_offset")) {
                    assertThat(restoredDigests.get(table)).as(table).isEqualTo(digest);
                }
            });
            assertThat(restoredDigests.get("audit_log")).isEqualTo(digest(source, "audit_log", "seq <= " + head));
            assertThat(restoredDigests.get("audit_seal"))
                    .isEqualTo(digest(source, "audit_seal", "position <= " + manifest.auditHead().position()));
            assertThat(restoredDigests.get("data_query")).isEqualTo(digest(source, "data_query", "exists (select 1 from audit_log a"
                    + " where a.entity_type = 'data_query' and a.entity_id = t.id::text and a.action = 'INSERT'"
                    + " and a.seq <= " + head + ")"));
            // each restored query has the first step of its thread, written in the same transaction, and no other query has one
            assertThat(count(restored, "select count(*) from data_query_event where kind = 'RAISED'")).isEqualTo(queriesRestored);
            assertThat(count(restored, "select count(*) from data_query_event e where not exists"
                    + " (select 1 from data_query q where q.id = e.query_id)")).isZero();
            for (BackupManifest.Sequence seq : manifest.sequences()) {
                assertThat(count(restored, "select last_value from " + seq.name())).as(seq.name()).isEqualTo(seq.lastValue());
            }

            assertThat(count(restored, "select count(*) from allocation")).isPositive();
            for (boolean unblinded : List.of(true, false)) {
                assertThat(report(restoredSource, unblinded)).as(unblinded ? "unblinded report" : "blinded report")
                        .isEqualTo(report(dataSource, unblinded));
            }

            CliRun verify = run("audit", "verify", "--data-dir", restoredDir.toString(), "--anchor", manifest.auditChainHead());
            assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
            assertThat(verify.out()).as("the rows committed after the last seal are sealed by the check")
                    .startsWith("audit chain intact: " + count(restored, "select count(*) from audit_log") + " rows in ");

            // the restored copy takes new rows after the backed-up ones: identities carry on from the backed-up sequences
            long lastUser = count(restored, "select max(id) from app_user");
            restored.sql("insert into app_user (username, display_name, password_hash, created_by) values ('new.user', 'New', 'x', 'test')")
                    .update();
            assertThat(count(restored, "select max(id) from app_user")).isEqualTo(lastUser + 1);
        }
    }

    @Test
    void aNonEmptyDirectoryIsRefusedAndKeptAsItWas() throws Exception {
        Path dir = Files.createDirectories(files.resolve("in-use"));
        Files.writeString(dir.resolve("notes.txt"), "keep");
        CliRun r = run("restore", valid.toString(), "--data-dir", dir.toString());
        assertRefused(r, "--data-dir: " + dir + " is not empty");
        try (var content = Files.list(dir)) {
            assertThat(content.toList()).containsExactly(dir.resolve("notes.txt"));
        }
    }

    @Test
    void aTruncatedFileIsRefusedAndNothingIsCreated() throws Exception {
        Path truncated = files.resolve("truncated.zip");
        byte[] bytes = Files.readAllBytes(valid);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        Path dir = files.resolve("from-truncated");
        assertRefused(run("restore", truncated.toString(), "--data-dir", dir.toString()),
                truncated + " is not a Harmonia backup, or it is truncated");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aFileWhoseTableDataWasAlteredIsRefusedAndNothingIsCreated() throws Exception {
        Path altered = files.resolve("altered.zip");
        rewrite(valid, altered, "tables/audit_log.copy", bytes -> {
            byte[] copy = bytes.clone();
            copy[copy.length / 2] ^= 0x01;
            return copy;
        });
        Path dir = files.resolve("from-altered");
        assertRefused(run("restore", altered.toString(), "--data-dir", dir.toString()), altered + " is corrupt: ");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aFileDamagedOnDiskIsRefusedAndNothingIsCreated() throws Exception {
        Path damaged = files.resolve("damaged.zip");
        byte[] bytes = Files.readAllBytes(valid);
        // the table streams fill the file before the manifest and the zip directory at its end
        for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
            bytes[i] = (byte) (bytes[i] ^ 0x5a);
        }
        Files.write(damaged, bytes);
        Path dir = files.resolve("from-damaged");
        assertRefused(run("restore", damaged.toString(), "--data-dir", dir.toString()), damaged + " is corrupt: ");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aBackupOfANewerSchemaIsRefused() throws Exception {
        Path newer = files.resolve("newer.zip");
        rewrite(valid, newer, BackupManifest.ENTRY, bytes -> {
            ObjectNode manifest = (ObjectNode) json.readTree(bytes);
            manifest.put("schemaVersion", "999");
            manifest.put("harmoniaVersion", "9.0.0");
            return json.writeValueAsBytes(manifest);
        });
        Path dir = files.resolve("from-newer");
        CliRun r = run("restore", newer.toString(), "--data-dir", dir.toString());
        assertRefused(r, newer + " holds schema version 999, newer than this Harmonia's (");
        assertThat(r.err()).endsWith("restore it with Harmonia 9.0.0 or later\n");
        assertThat(dir).doesNotExist();
    }

    @Test
    void aRestoreWhoseChainDoesNotEndAtTheRecordedHeadIsRemovedAfterLoading() throws Exception {
        Path rewritten = withAnotherHead();
        Path dir = files.resolve("from-other-head");
        CliRun r = run("restore", rewritten.toString(), "--data-dir", dir.toString());
        assertRefused(r, "the restored copy of " + rewritten + " fails its audit check (audit chain broken at seal ");
        assertThat(r.err()).contains("hash differs from the anchor kept elsewhere");
        assertThat(dir).doesNotExist();
        try (var content = Files.list(files)) {
            assertThat(content.map(p -> p.getFileName().toString())).as("no half-restored directory beside it")
                    .noneMatch(n -> n.contains("restoring"));
        }
    }

    @Test
    void restoresIntoAnEmptyExternalDatabaseAndLeavesOneEmptyWhenRefused() throws Exception {
        source.sql("create database restore_target").update();
        source.sql("create database restore_refused").update();
        String url = "jdbc:postgresql://localhost:" + embedded.database().port() + "/restore_target";
        CliRun r = run("restore", valid.toString(), "--db-url", url, "--db-user", "postgres");
        assertThat(r.exitCode()).as(r.err()).isZero();
        BackupManifest manifest;
        try (BackupFile f = BackupFile.open(valid)) {
            manifest = f.manifest();
        }
        assertThat(r.out()).startsWith("restored " + valid + " (taken " + manifest.createdAt()).contains(" into " + url + ": ")
                .contains("head " + manifest.auditChainHead() + " as recorded");
        JdbcClient target = JdbcClient.create(new DriverManagerDataSource(url, "postgres", null));
        for (BackupManifest.Table t : manifest.tables()) {
            assertThat(count(target, "select count(*) from " + t.name())).as(t.name()).isEqualTo(t.rows());
        }
        CliRun verify = run("audit", "verify", "--db-url", url, "--db-user", "postgres", "--anchor", manifest.auditChainHead());
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();

        assertRefused(run("restore", valid.toString(), "--db-url", url, "--db-user", "postgres"),
                "--db-url: " + url + " is not empty (it holds ");

        String refusedUrl = "jdbc:postgresql://localhost:" + embedded.database().port() + "/restore_refused";
        assertRefused(run("restore", withAnotherHead().toString(), "--db-url", refusedUrl, "--db-user", "postgres"),
                "the restored copy of ");
        JdbcClient refused = JdbcClient.create(new DriverManagerDataSource(refusedUrl, "postgres", null));
        assertThat(count(refused, "select count(*) from pg_class where relnamespace = 'public'::regnamespace")
                + count(refused, "select count(*) from pg_proc where pronamespace = 'public'::regnamespace"))
                .as("what the refused restore created was dropped again").isZero();
    }

    /** The valid backup with a head its chain does not reach: found wrong only once loaded. */
    private Path withAnotherHead() throws IOException {
        Path rewritten = files.resolve("other-head.zip");
        if (!Files.exists(rewritten)) {
            rewrite(valid, rewritten, BackupManifest.ENTRY, bytes -> {
                ObjectNode manifest = (ObjectNode) json.readTree(bytes);
                String head = manifest.get("auditChainHead").asString();
                manifest.put("auditChainHead", head.substring(0, head.indexOf(':') + 1) + "0".repeat(64));
                return json.writeValueAsBytes(manifest);
            });
        }
        return rewritten;
    }

    @Test
    void aFileThatIsNotABackupIsRefused() throws Exception {
        Path notes = Files.writeString(files.resolve("notes.zip"), "not a zip");
        assertRefused(run("restore", notes.toString(), "--data-dir", files.resolve("a").toString()), notes + " is not a Harmonia backup");
        Path missing = files.resolve("missing.zip");
        assertRefused(run("restore", missing.toString(), "--data-dir", files.resolve("b").toString()), "no backup file " + missing);
        assertThat(files.resolve("a")).doesNotExist();
        assertThat(files.resolve("b")).doesNotExist();
    }

    @Test
    void aBackupNeverOverwritesAFileAndNeedsADatabase() throws Exception {
        Path existing = Files.writeString(files.resolve("existing.zip"), "an older backup");
        assertRefused(run("backup", "--data-dir", sourceDataDir.toString(), "--out", existing.toString()),
                "--out: " + existing + " already exists");
        assertThat(Files.readString(existing)).isEqualTo("an older backup");

        Path nothing = files.resolve("no-database");
        assertRefused(run("backup", "--data-dir", nothing.toString(), "--out", files.resolve("x.zip").toString()),
                "no Harmonia database in " + nothing);
        assertThat(files.resolve("x.zip")).doesNotExist();
        try (var content = Files.list(files)) {
            assertThat(content.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
    }

    private static void assertRefused(CliRun r, String messageStart) {
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith(messageStart).endsWith("\n");
        assertThat(r.err().strip()).as("one line").doesNotContain("\n");
    }

    private byte[] report(DataSource db, boolean unblinded) {
        SnapshotLoader loader = new SnapshotLoader(db, json, clock);
        return ReportRenderers.render(ReportService.build(catalog.require(STUDY), loader, unblinded), ReportFormat.HTML);
    }

    /** Each table's row count and the MD5 of its rows as text in sorted order: equal digests, equal contents. */
    private static Map<String, String> digests(JdbcClient db) {
        Map<String, String> digests = new LinkedHashMap<>();
        for (String table : db.sql("select tablename from pg_tables where schemaname = 'public' and tablename <> 'flyway_schema_history'"
                + " order by tablename").query(String.class).list()) {
            digests.put(table, digest(db, table, null));
        }
        return digests;
    }

    private static String digest(JdbcClient db, String table, String where) {
        return db.sql("select count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' order by t::text)), '') from " + table + " t"
                + (where == null ? "" : " where " + where)).query(String.class).single();
    }

    private static long head(JdbcClient db) {
        return count(db, "select coalesce(max(seq), 0) from audit_log");
    }

    private static long count(JdbcClient db, String sql) {
        return db.sql(sql).query(Long.class).single();
    }

    private static void awaitRaised(AtomicInteger raised, int atLeast, CompletableFuture<Void> writer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (raised.get() < atLeast) {
            if (writer.isDone()) {
                writer.get();
            }
            assertThat(System.nanoTime()).as("queries kept coming").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** A copy of a backup file with one entry changed, written as a valid zip so that only the change is wrong. */
    private static void rewrite(Path from, Path to, String entryName, UnaryOperator<byte[]> change) throws IOException {
        try (ZipFile in = new ZipFile(from.toFile()); OutputStream file = Files.newOutputStream(to);
             ZipOutputStream out = new ZipOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                byte[] bytes;
                try (InputStream stream = in.getInputStream(entry)) {
                    bytes = stream.readAllBytes();
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(entry.getName().equals(entryName) ? change.apply(bytes) : bytes);
                out.closeEntry();
            }
        }
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
