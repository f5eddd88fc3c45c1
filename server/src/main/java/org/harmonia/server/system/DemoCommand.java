package org.harmonia.server.system;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.DemoUsers;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code harmonia demo}: the server on a fresh temporary embedded database with the MESEMS study loaded. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start Harmonia on a fresh, temporary embedded database with the MESEMS demo study.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--protocols", description = "Directory of protocol files (default: $HARMONIA_HOME/protocols or ./protocols).")
    Path protocols;

    @Override
    public Integer call() throws Exception {
        ConfigurableApplicationContext ctx = ServerLauncher.start(
                new ServerLauncher.Settings(port, null, null, null, null, false, protocols));
        var catalog = ctx.getBean(ProtocolCatalog.class);
        var demoUsers = ctx.getBean(DemoUsers.class).create("mesems");
        String url = "http://localhost:" + port;
        System.out.println();
        System.out.println("Harmonia demo is running at " + url + "/");
        catalog.protocols().forEach(p -> System.out.println("  study " + p.id() + ": " + url + "/api/studies/" + p.id()
                + " (" + p.subTrials().size() + " sub-trials, " + p.visits().size() + " visits)"));
        System.out.println("  health: " + url + "/actuator/health, API description: " + url + "/swagger-ui.html");
        System.out.println("Demo users (password \"" + DemoUsers.PASSWORD + "\" for all; sign in at " + url + "/login,");
        System.out.println("or get an API token: curl -X POST " + url + "/api/auth/token -H 'Content-Type: application/json' "
                + "-d '{\"username\":\"coordinator\",\"password\":\"" + DemoUsers.PASSWORD + "\"}'):");
        demoUsers.forEach(u -> System.out.printf("  %-18s %s%n", u.username(), u.description()));
        System.out.println("The demo database is temporary and removed when you stop (Ctrl+C).");
        ServerLauncher.awaitShutdown(ctx);
        return 0;
    }
}
