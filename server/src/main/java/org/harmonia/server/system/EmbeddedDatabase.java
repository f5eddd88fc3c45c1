package org.harmonia.server.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from binaries shipped through Maven, so a fresh machine needs nothing installed.
 * With a kept data directory it runs durably (fsync on) and recovers from a server left behind by a killed JVM.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final boolean temporary;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir, boolean temporary) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.temporary = temporary;
    }

    /**
     * Starts PostgreSQL on a free port. {@code dataDir} null means a temporary directory removed at close;
     * otherwise the directory is kept and the server is durable when {@code durable} is true.
     */
    public static EmbeddedDatabase start(Path dataDir, boolean durable) {
        boolean temporary = dataDir == null;
        try {
            Path dir = temporary ? Files.createTempDirectory("harmonia-db-") : dataDir.toAbsolutePath();
            Files.createDirectories(dir);
            stopStrayServer(dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(temporary)
                    .setPGStartupWait(Duration.ofSeconds(60));
            if (durable && !temporary) {
                // zonky starts postgres with fsync off for tests; data a user keeps must survive a crash
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            }
            return new EmbeddedDatabase(builder.start(), dir, temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** A PostgreSQL server running on a data directory, as its {@code postmaster.pid} names it. */
    public record RunningServer(ProcessHandle process, int port) {
    }

    /**
     * The PostgreSQL server running on the directory: {@code postmaster.pid} names a live postgres process
     * (line 1) and its port (line 4). A file left by a killed server names a dead process and is ignored.
     */
    public static Optional<RunningServer> runningServer(Path dir) {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
                    .filter(p -> p.isAlive() && p.info().command().orElse("").contains("postgres"));
            int port = Integer.parseInt(lines.get(3).strip());
            return process.map(p -> new RunningServer(p, port));
        } catch (NumberFormatException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pidFile + ": " + e.getMessage(), e);
        }
    }

    /** After {@code kill -9} of the JVM its PostgreSQL keeps running and holds the data directory; stop it first. */
    public static void stopStrayServer(Path dir) {
        Optional<RunningServer> stray = runningServer(dir);
        if (stray.isEmpty()) {
            return;
        }
        ProcessHandle process = stray.get().process();
        log.warn("stopping a PostgreSQL server (pid {}) left running on {} by an earlier run", process.pid(), dir);
        process.destroy();
        try {
            process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean temporary() {
        return temporary;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
