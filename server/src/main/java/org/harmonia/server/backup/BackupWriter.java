package org.harmonia.server.backup;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.harmonia.server.audit.AuditSealer;
import org.harmonia.server.audit.ChainAnchor;
import org.harmonia.server.cli.HarmoniaVersion;
import org.harmonia.server.cli.UsageException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an online backup: every table of the Harmonia schema streamed with {@code COPY ... TO STDOUT (FORMAT binary)}
 * into one zip file, all inside one read-only repeatable-read transaction, so the tables, the sequences and the audit
 * chain's head all come from one snapshot while the server goes on writing. Memory stays constant: rows flow from
 * the driver into the compressor. The file appears under its name only once complete.
 */
public final class BackupWriter {
    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final DataSource dataSource;

    public BackupWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes the backup to {@code out}, which must not exist yet, and returns its manifest. */
    public BackupManifest write(Path out) throws IOException, SQLException {
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new UsageException("--out: " + target + " already exists; a backup never overwrites a file");
        }
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, "." + target.getFileName() + ".", ".partial");
        // an interrupted backup (Ctrl+C) leaves no partial file either; once moved into place there is nothing to delete
        partial.toFile().deleteOnExit();
        try {
            BackupManifest manifest;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
                 ZipOutputStream zip = new ZipOutputStream(file)) {
                manifest = write(zip);
                zip.finish();
            }
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return manifest;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private BackupManifest write(ZipOutputStream zip) throws IOException, SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // one snapshot for every statement below; read only, so it never blocks or fails the server's writes
                s.execute("set transaction isolation level repeatable read, read only");
            }
            try {
                return write(c, zip);
            } finally {
                c.rollback();
            }
        }
    }

    private BackupManifest write(Connection c, ZipOutputStream zip) throws IOException, SQLException {
        SchemaCatalog catalog = new SchemaCatalog(c);
        // the catalog's first query took the snapshot; the time, the head and every table below are read in it
        String createdAt;
        String postgres;
        try (PreparedStatement ps = c.prepareStatement(
                "select to_char(now() at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), current_setting('server_version')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            createdAt = rs.getString(1);
            postgres = rs.getString(2);
        }
        String schemaVersion = catalog.schemaVersion()
                .orElseThrow(() -> new UsageException("no Harmonia schema in this database (no Flyway history in schema "
                        + catalog.schema() + ")")).getVersion();
        Map<String, List<BackupManifest.Column>> tables = catalog.tables();
        if (!tables.containsKey("audit_log")) {
            throw new UsageException("no audit trail in this database (not a Harmonia database)");
        }
        String head = AuditSealer.head(c).map(ChainAnchor::toString).orElse(null);
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        List<BackupManifest.Table> written = new ArrayList<>();
        for (Map.Entry<String, List<BackupManifest.Column>> table : tables.entrySet()) {
            written.add(copyTable(copy, catalog, table.getKey(), table.getValue(), zip));
        }
        // sequences stand outside snapshots: read after the tables, each is at least as far as any row copied
        List<BackupManifest.Sequence> sequences = catalog.sequences();
        BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, BackupManifest.FORMAT_VERSION, HarmoniaVersion.current(),
                schemaVersion, postgres, createdAt, head, written, sequences);
        zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
        zip.write(JSON.writeValueAsBytes(manifest));
        zip.closeEntry();
        return manifest;
    }

    private static BackupManifest.Table copyTable(CopyManager copy, SchemaCatalog catalog, String table,
                                                  List<BackupManifest.Column> columns, ZipOutputStream zip)
            throws IOException, SQLException {
        String entry = "tables/" + table + ".copy";
        zip.putNextEntry(new ZipEntry(entry));
        MessageDigest sha = sha256();
        // the zip entry stays open after the COPY: closing the digest stream must not close the zip
        OutputStream body = new DigestOutputStream(new FilterOutputStream(zip) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
            }
        }, sha);
        // the query form, because a partitioned table can be copied out only through a query
        String sql = "copy (select " + columnList(columns) + " from " + catalog.qualified(table) + ") to stdout (format binary)";
        long rows = copy.copyOut(sql, body);
        body.flush();
        zip.closeEntry();
        return new BackupManifest.Table(table, entry, columns, rows, HexFormat.of().formatHex(sha.digest()));
    }

    static String columnList(List<BackupManifest.Column> columns) {
        return String.join(", ", columns.stream().map(col -> SchemaCatalog.quote(col.name())).toList());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
