package org.harmonia.server.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.harmonia.server.cli.UsageException;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The Harmonia database opened for a command that does not start the web application: an external PostgreSQL,
 * the embedded server already running on a data directory, or, when none runs, an embedded server started on
 * that directory for the length of the command.
 */
public final class CommandDatabase implements AutoCloseable {
    private final DataSource dataSource;
    private final EmbeddedDatabase started;
    private final String description;

    private CommandDatabase(DataSource dataSource, EmbeddedDatabase started, String description) {
        this.dataSource = dataSource;
        this.started = started;
        this.description = description;
    }

    /** The default data directory of {@code harmonia serve}. */
    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".harmonia", "db");
    }

    /** An external database when {@code url} is given, else the embedded one in {@code dataDir} (null: the default). */
    public static CommandDatabase open(String url, String user, String password, Path dataDir) {
        if (url != null && !url.isBlank()) {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new UsageException("--db-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), not \"" + url + "\"");
            }
            int query = url.indexOf('?');
            // the query part of a URL may carry a password: never echo it
            return new CommandDatabase(new DriverManagerDataSource(url, user, password), null, query < 0 ? url : url.substring(0, query));
        }
        Path dir = (dataDir == null ? defaultDataDir() : dataDir).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("PG_VERSION"))) {
            throw new UsageException("no Harmonia database in " + dir + " (give its --data-dir, or --db-url for an external one)");
        }
        Optional<Integer> port = runningServerPort(dir);
        if (port.isPresent()) {
            return new CommandDatabase(new DriverManagerDataSource(embeddedUrl(port.get())), null,
                    dir + " (running server on port " + port.get() + ")");
        }
        EmbeddedDatabase db = EmbeddedDatabase.start(dir, true);
        return new CommandDatabase(new DriverManagerDataSource(db.jdbcUrl()), db, dir.toString());
    }

    /** The port of a PostgreSQL server running on the directory, if one is. */
    public static Optional<Integer> runningServerPort(Path dir) {
        return EmbeddedDatabase.runningServer(dir).map(EmbeddedDatabase.RunningServer::port);
    }

    private static String embeddedUrl(int port) {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Which database this is, for messages. */
    public String description() {
        return description;
    }

    @Override
    public void close() throws IOException {
        if (started != null) {
            started.close();
        }
    }
}
