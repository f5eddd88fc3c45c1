package org.harmonia.server.system;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code harmonia serve}: the server on a kept database (embedded under ~/.harmonia, or external). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the Harmonia server. Without --db-url it runs an embedded PostgreSQL kept under ~/.harmonia/db.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @CommandLine.Mixin
    DatabaseOptions database;

    @Option(names = "--protocols", description = "Directory of protocol files (default: $HARMONIA_HOME/protocols or ./protocols).")
    Path protocols;

    /** For the launcher's class-data-sharing training start: start fully, then stop as at Ctrl+C. */
    @Option(names = "--exit-when-started", hidden = true)
    boolean exitWhenStarted;

    @Override
    public Integer call() throws Exception {
        Path dir = database.dataDir() != null ? database.dataDir() : CommandDatabase.defaultDataDir();
        ConfigurableApplicationContext ctx = ServerLauncher.start(
                new ServerLauncher.Settings(port, database.url(), database.user(), database.password(), dir, true, protocols));
        if (exitWhenStarted) {
            ctx.close();
            return 0;
        }
        System.out.println("Harmonia is running at http://localhost:" + port + "/ (stop with Ctrl+C)");
        ServerLauncher.awaitShutdown(ctx);
        return 0;
    }
}
