package org.harmonia.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationVersion;
import org.harmonia.server.audit.AuditChainVerifier;
import org.harmonia.server.audit.ChainAnchor;
import org.harmonia.server.audit.ChainVerification;
import org.harmonia.server.cli.UsageException;
import org.harmonia.server.system.EmbeddedDatabase;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.FileSystemUtils;

/**
 * Restores a backup into a new embedded PostgreSQL data directory or an empty external database: the migrations build
 * the schema up to the backup's version, every table is loaded in one transaction and checked against the manifest's
 * row count and SHA-256, the sequences carry on from their backed-up values, and the audit chain is re-computed and
 * must end at the head the backup recorded. A data directory is built beside the target and moved into place only
 * then; anything short of that removes what was written, so no half-restored directory is ever left for {@code serve}
 * to start on.
 */
public final class DatabaseRestore {

    /** A completed restore and the verification of its audit chain. */
    public record Restored(Path file, String target, BackupManifest manifest, ChainVerification chain) {
        public String summary() {
            ChainAnchor head = manifest.auditHead();
            return "restored " + file + " (taken " + manifest.createdAt() + ", schema version " + manifest.schemaVersion() + ") into "
                    + target + ": " + manifest.tables().size() + " tables, " + manifest.rows() + " rows; " + chain.summary()
                    + (head == null ? "" : ", head " + head + " as recorded in the backup");
        }
    }

    private DatabaseRestore() {
    }

    /** Restores {@code file} into {@code dataDir}, which must be empty or not exist yet. */
    public static Restored intoDataDir(Path file, Path dataDir) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("--data-dir: " + dir + " is a file, not a directory");
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> content = Files.list(dir)) {
                if (content.findAny().isPresent()) {
                    throw new UsageException("--data-dir: " + dir + " is not empty; a backup is restored into an empty or new directory");
                }
            }
        }
        try (BackupFile backup = BackupFile.open(file.toAbsolutePath().normalize())) {
            MigrationVersion version = schemaVersionToBuild(backup);
            backup.verify();
            // built beside the target and moved into place only when complete: a restore that fails or is killed
            // never leaves a directory that serve would start on
            Files.createDirectories(dir.getParent());
            removeAbandonedStaging(dir);
            Path staging = dir.resolveSibling(stagingPrefix(dir) + ProcessHandle.current().pid());
            try {
                ChainVerification chain;
                try (EmbeddedDatabase db = EmbeddedDatabase.start(staging, true)) {
                    DataSource dataSource = new DriverManagerDataSource(db.jdbcUrl());
                    Migrations.migrate(dataSource, version);
                    load(backup, dataSource);
                    chain = verifyChain(backup, dataSource);
                }
                Files.deleteIfExists(dir);
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
                return new Restored(backup.path(), dir.toString(), backup.manifest(), chain);
            } catch (IOException | RuntimeException e) {
                EmbeddedDatabase.stopStrayServer(staging);
                FileSystemUtils.deleteRecursively(staging);
                throw e;
            }
        }
    }

    /**
     * Restores {@code file} into an external PostgreSQL whose current schema is empty, as a user allowed to set
     * {@code session_replication_role} (a superuser). What a failed restore created there is dropped again.
     */
    public static Restored intoDatabase(Path file, DataSource dataSource, String description) throws IOException {
        try (BackupFile backup = BackupFile.open(file.toAbsolutePath().normalize())) {
            MigrationVersion version = schemaVersionToBuild(backup);
            backup.verify();
            List<String> present = objectsInSchema(dataSource, description);
            if (!present.isEmpty()) {
                throw new UsageException("--db-url: " + description + " is not empty (it holds " + present.size() + " objects, such as "
                        + String.join(", ", present.subList(0, Math.min(3, present.size())))
                        + "); a backup is restored into an empty database");
            }
            try {
                Migrations.migrate(dataSource, version);
                load(backup, dataSource);
                ChainVerification chain = verifyChain(backup, dataSource);
                return new Restored(backup.path(), description, backup.manifest(), chain);
            } catch (IOException | RuntimeException e) {
                dropEverything(dataSource);
                throw e;
            }
        }
    }

    /** Every table, view, sequence, routine and type in the connection's current schema, by name. */
    private static List<String> objectsInSchema(DataSource dataSource, String description) {
        try {
            return JdbcClient.create(dataSource).sql("""
                    select c.relname from pg_class c where c.relnamespace = current_schema()::regnamespace
                    union all select p.proname from pg_proc p where p.pronamespace = current_schema()::regnamespace
                    union all select t.typname from pg_type t where t.typnamespace = current_schema()::regnamespace
                        and t.typrelid = 0 and t.typelem = 0
                    order by 1
                    """).query(String.class).list();
        } catch (DataAccessException e) {
            throw new IllegalStateException("cannot read " + description + ": " + e.getMostSpecificCause().getMessage(), e);
        }
    }

    /** Empties the schema that a failed restore migrated and loaded, leaving it as empty as it was found. */
    private static void dropEverything(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            String schema = new SchemaCatalog(c).schema();
            List<String> drops = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    select 'drop table if exists ' || format('%I.%I', ?::text, relname) || ' cascade' from pg_class
                        where relnamespace = ?::regnamespace and relkind in ('r', 'p')
                    union all select 'drop view if exists ' || format('%I.%I', ?::text, relname) || ' cascade' from pg_class
                        where relnamespace = ?::regnamespace and relkind = 'v'
                    union all select 'drop sequence if exists ' || format('%I.%I', ?::text, relname) || ' cascade' from pg_class
                        where relnamespace = ?::regnamespace and relkind = 'S'
                    union all select 'drop routine if exists ' || format('%I.%I', ?::text, proname) || '('
                        || pg_get_function_identity_arguments(oid) || ') cascade' from pg_proc
                        where pronamespace = ?::regnamespace and prokind in ('f', 'p')
                    union all select case when typtype = 'd' then 'drop domain if exists ' else 'drop type if exists ' end
                        || format('%I.%I', ?::text, typname) || ' cascade' from pg_type
                        where typnamespace = ?::regnamespace and typtype in ('d', 'e', 'r')
                    """)) {
                for (int i = 1; i <= 10; i++) {
                    ps.setString(i, schema);
                }
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        drops.add(rs.getString(1));
                    }
                }
            }
            for (String drop : drops) {
                s.execute(drop);
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("the restore failed, and removing what it created failed too: " + e.getMessage(), e);
        }
    }

    private static String stagingPrefix(Path dir) {
        return "." + dir.getFileName() + ".restoring-";
    }

    /** The directory of an earlier restore to the same target whose process was killed, and the PostgreSQL it left running. */
    private static void removeAbandonedStaging(Path dir) throws IOException {
        String prefix = stagingPrefix(dir);
        try (Stream<Path> siblings = Files.list(dir.getParent())) {
            for (Path p : siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                String pid = p.getFileName().toString().substring(prefix.length());
                boolean alive = pid.matches("\\d{1,18}") && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    EmbeddedDatabase.stopStrayServer(p);
                    FileSystemUtils.deleteRecursively(p);
                }
            }
        }
    }

    /** The backup's schema version, which this Harmonia must carry among its migrations. */
    private static MigrationVersion schemaVersionToBuild(BackupFile backup) {
        String v = backup.manifest().schemaVersion();
        MigrationVersion version = MigrationVersion.fromVersion(v);
        List<MigrationVersion> available = Migrations.available();
        MigrationVersion newest = available.isEmpty() ? MigrationVersion.EMPTY : available.get(available.size() - 1);
        if (version.isNewerThan(newest)) {
            throw new UsageException(backup.path() + " holds schema version " + v + ", newer than this Harmonia's (" + newest
                    + "); restore it with Harmonia " + backup.manifest().harmoniaVersion() + " or later");
        }
        if (!available.contains(version)) {
            throw new UsageException(backup.path() + " holds schema version " + v + ", which is not one of this Harmonia's migrations");
        }
        return version;
    }

    private static void load(BackupFile backup, DataSource dataSource) throws IOException {
        BackupManifest manifest = backup.manifest();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            SchemaCatalog catalog = new SchemaCatalog(c);
            checkSameTables(manifest, catalog.tables());
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            try (Statement s = c.createStatement()) {
                // the append-only, no-delete and chain triggers would refuse these rows, and foreign keys would need a load
                // order; the rows are byte for byte those of one snapshot in which every key held, as the checksums prove
                s.execute("set local session_replication_role = replica");
                for (BackupManifest.Table t : manifest.tables()) {
                    // a migration may have seeded rows that the backup holds too
                    s.execute("delete from " + catalog.qualified(t.name()));
                    loadTable(backup, copy, catalog, t);
                }
            }
            List<String> sequences = catalog.sequences().stream().map(BackupManifest.Sequence::name).toList();
            try (PreparedStatement setval = c.prepareStatement("select setval(?::regclass, ?, ?)")) {
                for (BackupManifest.Sequence seq : manifest.sequences()) {
                    if (!sequences.contains(seq.name())) {
                        throw new UsageException(backup.path() + " holds sequence " + seq.name() + ", which the schema version "
                                + manifest.schemaVersion() + " built here does not have");
                    }
                    setval.setString(1, catalog.qualified(seq.name()));
                    setval.setLong(2, seq.lastValue());
                    setval.setBoolean(3, seq.isCalled());
                    setval.execute();
                }
            }
            try (Statement s = c.createStatement()) {
                // this cluster hands out transaction ids from a low number again: stamp its new audit rows after the copied
                // ones, or they would fall into transaction ranges the copied seals already cover (docs/audit.md)
                s.execute("select audit_after_restore() where to_regprocedure('audit_after_restore()') is not null");
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot restore " + backup.path() + ": " + e.getMessage(), e);
        }
    }

    private static void checkSameTables(BackupManifest manifest, Map<String, List<BackupManifest.Column>> built) {
        TreeSet<String> onlyInBackup = new TreeSet<>();
        for (BackupManifest.Table t : manifest.tables()) {
            List<BackupManifest.Column> here = built.get(t.name());
            if (here == null) {
                onlyInBackup.add(t.name());
            } else if (!here.containsAll(t.columns())) {
                List<BackupManifest.Column> missing = new ArrayList<>(t.columns());
                missing.removeAll(here);
                throw new UsageException("the backup's table " + t.name() + " has columns the schema version " + manifest.schemaVersion()
                        + " built here does not (" + String.join(", ", missing.stream().map(col -> col.name() + " " + col.type()).toList())
                        + ")");
            }
        }
        TreeSet<String> onlyHere = new TreeSet<>(built.keySet());
        manifest.tables().forEach(t -> onlyHere.remove(t.name()));
        if (!onlyInBackup.isEmpty() || !onlyHere.isEmpty()) {
            throw new UsageException("the backup's tables differ from those schema version " + manifest.schemaVersion()
                    + " builds (only in the backup: " + onlyInBackup + ", only in the schema: " + onlyHere + ")");
        }
    }

    private static void loadTable(BackupFile backup, CopyManager copy, SchemaCatalog catalog, BackupManifest.Table t) {
        MessageDigest sha = BackupWriter.sha256();
        long rows;
        try (InputStream in = new DigestInputStream(backup.table(t), sha)) {
            rows = copy.copyIn("copy " + catalog.qualified(t.name()) + " (" + BackupWriter.columnList(t.columns())
                    + ") from stdin (format binary)", in);
        } catch (IOException | SQLException e) {
            throw new UsageException(backup.path() + " is corrupt: table " + t.name() + " cannot be read back (" + oneLine(e.getMessage())
                    + "); nothing was restored");
        }
        String digest = HexFormat.of().formatHex(sha.digest());
        if (rows != t.rows() || !digest.equals(t.sha256())) {
            throw new UsageException(backup.path() + " is corrupt: table " + t.name() + " read back " + rows + " rows with SHA-256 "
                    + digest + ", the manifest says " + t.rows() + " rows with " + t.sha256() + "; nothing was restored");
        }
    }

    private static ChainVerification verifyChain(BackupFile backup, DataSource dataSource) {
        ChainAnchor head = backup.manifest().auditHead();
        ChainVerification chain = new AuditChainVerifier(dataSource).verify(head);
        boolean sameHead = Objects.equals(chain.head(), head == null ? null : head.toString());
        if (!chain.intact() || !sameHead) {
            throw new UsageException("the restored copy of " + backup.path() + " fails its audit check (" + chain.summary()
                    + (chain.intact() ? ", head " + chain.head() + " where the backup recorded " + head : "")
                    + "); nothing was restored");
        }
        return chain;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
