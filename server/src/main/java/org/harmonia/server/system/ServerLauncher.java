package org.harmonia.server.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.harmonia.server.HarmoniaApplication;
import org.harmonia.server.cli.UsageException;
import org.harmonia.server.protocol.ProtocolFiles;
import org.harmonia.trial.protocol.ProtocolException;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/** Starts the web application with the settings of {@code serve} or {@code demo} and waits until it is stopped. */
public final class ServerLauncher {
    private ServerLauncher() {
    }

    /** What the server needs to start: its port, its database and its protocols. */
    public record Settings(int port, String dbUrl, String dbUser, String dbPassword, Path dataDir, boolean durable,
                           Path protocols) {
        /** Whether the server runs on an embedded PostgreSQL in a data directory it keeps. */
        boolean embedded() {
            return (dbUrl == null || dbUrl.isBlank()) && dataDir != null;
        }

        Map<String, Object> asProperties() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("server.port", port);
            if (dbUrl != null && !dbUrl.isBlank()) {
                p.put("harmonia.db.url", dbUrl);
                if (dbUser != null) {
                    p.put("harmonia.db.user", dbUser);
                }
                if (dbPassword != null) {
                    p.put("harmonia.db.password", dbPassword);
                }
            } else if (dataDir != null) {
                p.put("harmonia.db.data-dir", dataDir.toString());
            }
            p.put("harmonia.db.durable", durable);
            if (protocols != null) {
                p.put("harmonia.protocols", protocols.toString());
            }
            return p;
        }
    }

    /**
     * Starts the application; refusals a user can act on (port taken, invalid protocol) become one-line errors. An
     * embedded PostgreSQL begins to start at once, alongside the application (after a crash that includes stopping the
     * server the killed JVM left running), instead of after the second or more Spring takes to reach it.
     */
    public static ConfigurableApplicationContext start(Settings settings) {
        // checked before Spring starts, so a mistyped path is one line and not a failed start with its stack trace
        Path protocolsDir = ProtocolFiles.directory(settings.protocols());
        if (!Files.isDirectory(protocolsDir)) {
            throw new UsageException("protocols directory not found: " + protocolsDir.toAbsolutePath()
                    + "; name one with --protocols or set HARMONIA_HOME");
        }
        AtomicReference<DatabaseConfiguration.EarlyStart> early = new AtomicReference<>();
        try {
            // the main class names the context's ahead-of-time initializer (HarmoniaApplication__ApplicationContextInitializer)
            SpringApplicationBuilder builder = new SpringApplicationBuilder(HarmoniaApplication.class)
                    .main(HarmoniaApplication.class)
                    .properties(settings.asProperties());
            if (settings.embedded()) {
                // once logging is set up (so the database's lines look like all others), before the context is built
                builder.listeners(event -> {
                    if (event instanceof ApplicationEnvironmentPreparedEvent) {
                        early.set(DatabaseConfiguration.EarlyStart.begin(settings.dataDir(), settings.durable()));
                    }
                });
                builder.initializers(context -> {
                    if (early.get() != null) {
                        context.getBeanFactory().registerSingleton("embeddedDatabaseEarlyStart", early.get());
                    }
                });
            }
            return builder.run();
        } catch (RuntimeException e) {
            if (early.get() != null) {
                early.get().discard();
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof PortInUseException) {
                    throw new UsageException("port " + settings.port() + " is already in use; choose another with --port");
                }
                if (t instanceof ProtocolException pe) {
                    throw pe;
                }
                if (t instanceof UsageException ue) {
                    throw ue;
                }
            }
            throw e;
        }
    }

    /** Blocks until the application context closes (Ctrl+C or SIGTERM run the shutdown hook). */
    public static void awaitShutdown(ConfigurableApplicationContext context) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        if (context.isActive()) {
            closed.await();
        }
    }
}
