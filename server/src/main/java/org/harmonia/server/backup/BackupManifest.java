package org.harmonia.server.backup;

import java.util.List;
import java.util.Objects;
import org.harmonia.server.audit.ChainAnchor;

/**
 * What a backup file holds, written as {@code manifest.json} after the table streams: the Harmonia and schema
 * versions it was taken from, the moment of its snapshot, the audit chain's head in that snapshot, and for every
 * table its columns, row count and the SHA-256 of its COPY stream, so a restore can prove it read back every byte.
 */
public record BackupManifest(String format, int formatVersion, String harmoniaVersion, String schemaVersion,
                             String postgresVersion, String createdAt, String auditChainHead, List<Table> tables,
                             List<Sequence> sequences) {
    public static final String FORMAT = "harmonia-backup";
    public static final int FORMAT_VERSION = 1;
    public static final String ENTRY = "manifest.json";

    public BackupManifest {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("not a Harmonia backup manifest (format \"" + format + "\")");
        }
        if (formatVersion < 1) {
            throw new IllegalArgumentException("formatVersion must be 1 or more");
        }
        if (schemaVersion == null || !schemaVersion.matches("\\d+(\\.\\d+)*")) {
            throw new IllegalArgumentException("schemaVersion must be a Flyway version such as 16, not \"" + schemaVersion + "\"");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        if (auditChainHead != null) {
            ChainAnchor.parse(auditChainHead);
        }
        tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
        sequences = List.copyOf(Objects.requireNonNull(sequences, "sequences"));
        if (tables.stream().map(Table::name).distinct().count() != tables.size()) {
            throw new IllegalArgumentException("a table is listed twice");
        }
    }

    /** The audit chain's head in the backup's snapshot, or null when the trail was empty. */
    public ChainAnchor auditHead() {
        return auditChainHead == null ? null : ChainAnchor.parse(auditChainHead);
    }

    public long rows() {
        return tables.stream().mapToLong(Table::rows).sum();
    }

    /** One table: its columns in COPY order with their SQL types, the zip entry of its binary COPY stream, rows and checksum. */
    public record Table(String name, String entry, List<Column> columns, long rows, String sha256) {
        public Table {
            if (name == null || name.isBlank() || entry == null || entry.isBlank()) {
                throw new IllegalArgumentException("a table needs a name and an entry");
            }
            columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("table " + name + " lists no columns");
            }
            if (rows < 0) {
                throw new IllegalArgumentException("table " + name + " has a negative row count");
            }
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("table " + name + " has no SHA-256 of 64 lower-case hex digits");
            }
        }
    }

    public record Column(String name, String type) {
        public Column {
            if (name == null || name.isBlank() || type == null || type.isBlank()) {
                throw new IllegalArgumentException("a column needs a name and a type");
            }
        }
    }

    /** A sequence (identity columns have one each) and the value it had reached, to carry on from after a restore. */
    public record Sequence(String name, long lastValue, boolean isCalled) {
        public Sequence {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a sequence needs a name");
            }
        }
    }
}
