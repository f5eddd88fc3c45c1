package org.harmonia.server.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The tables, columns and sequences of the schema Harmonia's migrations build (the connection's current schema),
 * read from PostgreSQL's catalog so that a table added by a later migration is backed up without a change here.
 */
final class SchemaCatalog {
    /** Flyway's own bookkeeping: a restore rebuilds it by running the migrations, so it is not copied. */
    static final String FLYWAY_HISTORY = "flyway_schema_history";

    private final Connection connection;
    private final String schema;

    SchemaCatalog(Connection connection) throws SQLException {
        this.connection = connection;
        try (PreparedStatement ps = connection.prepareStatement("select current_schema()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            this.schema = rs.getString(1);
        }
        if (schema == null) {
            throw new SQLException("the connection has no current schema (check the search_path)");
        }
    }

    String schema() {
        return schema;
    }

    /** The schema-qualified, quoted name of a table or sequence of this schema, for SQL text. */
    String qualified(String name) {
        return quote(schema) + "." + quote(name);
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /**
     * The schema's tables (partitioned ones as their parent only; temporary ones never), each with the columns a
     * COPY can write (generated columns are computed again on the way in), in column order.
     */
    Map<String, List<BackupManifest.Column>> tables() throws SQLException {
        Map<String, List<BackupManifest.Column>> tables = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                select c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
                from pg_class c
                join pg_namespace n on n.oid = c.relnamespace
                join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
                where n.nspname = ? and c.relkind in ('r', 'p') and not c.relispartition and c.relpersistence <> 't'
                  and c.relname <> ?
                order by c.relname, a.attnum
                """)) {
            ps.setString(1, schema);
            ps.setString(2, FLYWAY_HISTORY);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                            .add(new BackupManifest.Column(rs.getString(2), rs.getString(3)));
                }
            }
        }
        return tables;
    }

    /** The schema's sequences and the value each has reached. */
    List<BackupManifest.Sequence> sequences() throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = ? and c.relkind = 'S' order by c.relname
                """)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        List<BackupManifest.Sequence> sequences = new ArrayList<>();
        for (String name : names) {
            try (PreparedStatement ps = connection.prepareStatement("select last_value, is_called from " + qualified(name));
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                sequences.add(new BackupManifest.Sequence(name, rs.getLong(1), rs.getBoolean(2)));
            }
        }
        return sequences;
    }

    /** The newest migration applied to this database, or empty when Flyway never ran here. */
    Optional<MigrationVersion> schemaVersion() throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("select to_regclass(?) is not null")) {
            exists.setString(1, qualified(FLYWAY_HISTORY));
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return Optional.empty();
                }
            }
        }
        MigrationVersion newest = null;
        try (PreparedStatement ps = connection.prepareStatement("select version from " + qualified(FLYWAY_HISTORY)
                + " where success and version is not null");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                MigrationVersion v = MigrationVersion.fromVersion(rs.getString(1));
                newest = newest == null || v.isNewerThan(newest) ? v : newest;
            }
        }
        return Optional.ofNullable(newest);
    }
}
