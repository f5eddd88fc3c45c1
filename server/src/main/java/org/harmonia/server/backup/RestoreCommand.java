package org.harmonia.server.backup;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.harmonia.server.cli.CliLogging;
import org.harmonia.server.cli.UsageException;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code harmonia restore}: a backup into a new embedded data directory or an empty external database, checked before it is kept. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a backup into a new embedded data directory or an empty external database, verified.",
                "Checks the file's row counts and checksums and the restored audit chain against the head recorded in the backup. "
                        + "Serve a restored data directory with: harmonia serve --data-dir DIR. Exit code 0 when restored; 2 when "
                        + "refused (the target is not empty, the file is corrupt, truncated or from a newer Harmonia), and then "
                        + "nothing is left in the target."})
public final class RestoreCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The backup file.")
    Path file;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--db-user", description = "User of the external database; it must be allowed to set session_replication_role.")
    String user;

    @Option(names = "--db-password", defaultValue = "${env:HARMONIA_DB_PASSWORD}",
            description = "Password of the external database (default: $HARMONIA_DB_PASSWORD).")
    String password;

    /** Where to restore: exactly one of a data directory or an external database. */
    static final class Target {
        @Option(names = "--data-dir", required = true, paramLabel = "DIR",
                description = "The data directory to create for the embedded PostgreSQL; it must not exist or be empty.")
        Path dataDir;

        @Option(names = "--db-url", required = true, paramLabel = "URL",
                description = "JDBC URL of an external PostgreSQL database whose schema is empty.")
        String url;
    }

    @Override
    public Integer call() throws Exception {
        CliLogging.quiet();
        long started = System.nanoTime();
        DatabaseRestore.Restored restored;
        if (target.dataDir != null) {
            restored = DatabaseRestore.intoDataDir(file, target.dataDir);
        } else {
            if (!target.url.startsWith("jdbc:postgresql:")) {
                throw new UsageException("--db-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), not \""
                        + target.url + "\"");
            }
            int query = target.url.indexOf('?');
            // the query part of a URL may carry a password: never echo it
            String description = query < 0 ? target.url : target.url.substring(0, query);
            restored = DatabaseRestore.intoDatabase(file, new DriverManagerDataSource(target.url, user, password), description);
        }
        spec.commandLine().getOut().printf("%s (in %.1f s)%n", restored.summary(), (System.nanoTime() - started) / 1e9);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
