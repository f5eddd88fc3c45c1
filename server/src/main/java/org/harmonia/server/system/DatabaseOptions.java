package org.harmonia.server.system;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that choose a database, shared by every command that uses one: an external PostgreSQL or an embedded data directory. */
public final class DatabaseOptions {

    @Option(names = "--db-url", defaultValue = "${env:HARMONIA_DB_URL}",
            description = "JDBC URL of an external PostgreSQL (default: $HARMONIA_DB_URL; none = embedded).")
    String url;

    @Option(names = "--db-user", defaultValue = "${env:HARMONIA_DB_USER}", description = "Database user (default: $HARMONIA_DB_USER).")
    String user;

    @Option(names = "--db-password", defaultValue = "${env:HARMONIA_DB_PASSWORD}",
            description = "Database password (default: $HARMONIA_DB_PASSWORD).")
    String password;

    @Option(names = "--data-dir", description = "Data directory of the embedded PostgreSQL (default: ~/.harmonia/db).")
    Path dataDir;

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The data directory given, or null for the default. */
    public Path dataDir() {
        return dataDir;
    }

    /** Opens the chosen database for a command that does not start the web application. */
    public CommandDatabase open() {
        return CommandDatabase.open(url, user, password, dataDir);
    }
}
