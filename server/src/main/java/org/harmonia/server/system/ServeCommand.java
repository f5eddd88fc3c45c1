package org.harmonia.server.system;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code harmonia serve}: the server on a kept database (embedded under ~/.harmonia, or external). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the Harmonia server. Without --db-url it runs an embedded PostgreSQL kept under ~/.harmonia/db.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--db-url", defaultValue = "${env:HARMONIA_DB_URL}",
            description = "JDBC URL of an external PostgreSQL (default: $HARMONIA_DB_URL; none = embedded).")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "${env:HARMONIA_DB_USER}", description = "Database user (default: $HARMONIA_DB_USER).")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:HARMONIA_DB_PASSWORD}",
            description = "Database password (default: $HARMONIA_DB_PASSWORD).")
    String dbPassword;

    @Option(names = "--data-dir", description = "Data directory of the embedded PostgreSQL (default: ~/.harmonia/db).")
    Path dataDir;

    @Option(names = "--protocols", description = "Directory of protocol files (default: $HARMONIA_HOME/protocols or ./protocols).")
    Path protocols;

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".harmonia", "db");
        ConfigurableApplicationContext ctx = ServerLauncher.start(
                new ServerLauncher.Settings(port, dbUrl, dbUser, dbPassword, dir, true, protocols));
        System.out.println("Harmonia is running at http://localhost:" + port + "/ (stop with Ctrl+C)");
        ServerLauncher.awaitShutdown(ctx);
        return 0;
    }
}
