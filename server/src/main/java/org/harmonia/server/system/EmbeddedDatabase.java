package org.harmonia.server.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from binaries shipped through Maven, so a fresh machine needs nothing installed.
 * With a kept data directory it runs durably (fsync on) and recovers from a server left behind by a killed JVM.
 * When its server process dies under it, {@link #restart()} starts it again on the same directory and port.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    /** zonky's lock file in the data directory, held by the JVM that runs the server. */
    private static final String LOCK_FILE = "epg-lock";
    private static final Duration FAST_SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final boolean temporary;
    private final Path binDir;
    private final Thread shutdownHook;
    private volatile ProcessHandle postmaster;
    private volatile boolean closing;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir, boolean temporary) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.postmaster = runningServer(dataDir).map(RunningServer::process).orElse(null);
        // the server's own binary names the directory zonky unpacked PostgreSQL into; pg_ctl lies beside it
        this.binDir = postmaster == null ? null : postmaster.info().command().map(c -> Path.of(c).getParent()).orElse(null);
        this.shutdownHook = new Thread(this::closeQuietly, "harmonia-embedded-postgres-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
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
            refuseIfInUse(dir);
            stopStrayServer(dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(temporary)
                    // our own hook stops it, after telling the supervisor that this stop is wanted
                    .setRegisterShutdownHook(false)
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
                    .filter(p -> alive(p) && p.info().command().orElse("").contains("postgres"));
            int port = Integer.parseInt(lines.get(3).strip());
            return process.map(p -> new RunningServer(p, port));
        } catch (NumberFormatException e) {
            return Optional.empty();
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pidFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the process still runs. A process that has exited but whose parent has not collected it yet (a zombie;
     * the postmaster's parent is init, which may take a second) counts as gone: it serves nothing and holds nothing.
     */
    public static boolean alive(ProcessHandle process) {
        if (process == null) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        if (Files.isDirectory(Path.of("/proc", "self"))) {
            try {
                String s = Files.readString(stat, StandardCharsets.ISO_8859_1);
                int end = s.lastIndexOf(')');
                char state = end < 0 || end + 2 >= s.length() ? '?' : s.charAt(end + 2);
                return state != 'Z' && state != 'X' && process.isAlive();
            } catch (IOException e) {
                return false;
            }
        }
        return process.isAlive();
    }

    /**
     * After {@code kill -9} of the JVM its PostgreSQL keeps running and holds the data directory; stop it first.
     * <p>
     * It gets a fast shutdown (SIGINT): the dead JVM's sessions are disconnected, their open transactions (never
     * acknowledged) rolled back and a checkpoint written, in about 0.1 s, and the next start needs no recovery (0.1 s).
     * An immediate shutdown (SIGQUIT) stops in 20-40 ms but leaves WAL to replay, and the next start took 0.7-1.4 s
     * here; it is used only when the fast one does not finish. Adopting the running server instead would save those
     * 0.2 s, which the application's own start hides anyway (the server starts alongside it), at the price of running a
     * server whose settings and lock this JVM did not set.
     */
    public static void stopStrayServer(Path dir) {
        Optional<RunningServer> stray = runningServer(dir);
        if (stray.isEmpty()) {
            removeStalePidFile(dir);
            return;
        }
        ProcessHandle process = stray.get().process();
        log.warn("stopping a PostgreSQL server (pid {}) left running on {} by an earlier run", process.pid(), dir);
        long started = System.nanoTime();
        if (!(signal(process, "INT") && awaitExit(process, FAST_SHUTDOWN_WAIT))
                && !(signal(process, "QUIT") && awaitExit(process, FAST_SHUTDOWN_WAIT))) {
            process.destroyForcibly();
            awaitExit(process, FAST_SHUTDOWN_WAIT);
        }
        removeStalePidFile(dir);
        log.info("the PostgreSQL server left running on {} stopped in {} ms", dir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Another live JVM running a server on this directory (zonky's lock is held) must keep it: stopping its
     * PostgreSQL as a stray would pull the database from under that server, and both would then restart it in turn.
     */
    private static void refuseIfInUse(Path dir) throws IOException {
        Path lockFile = dir.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new org.harmonia.server.cli.UsageException("the database in " + dir + " is in use by another running Harmonia "
                        + "server; stop it first, or give this one its own data directory");
            }
            lock.release();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            throw new IllegalStateException("the database in " + dir + " is already open in this process", e);
        }
    }

    /**
     * The lock files of a server that is gone: {@code postmaster.pid} and the socket's {@code .s.PGSQL.<port>.lock}
     * (line 5 of the former names its directory). PostgreSQL takes over a lock file whose process is dead, but one that
     * has exited and not yet been collected by init (a second or more here) still looks alive to it, and it refuses to
     * start until then. Only files naming that very dead process are removed.
     */
    private static void removeStalePidFile(Path dir) {
        Path pidFile = dir.resolve("postmaster.pid");
        try {
            List<String> lines = Files.isRegularFile(pidFile) ? Files.readAllLines(pidFile) : List.of();
            if (lines.isEmpty() || alive(ProcessHandle.of(Long.parseLong(lines.get(0).strip())).orElse(null))) {
                return;
            }
            String pid = lines.get(0).strip();
            if (lines.size() >= 5 && !lines.get(4).isBlank()) {
                Path socketLock = Path.of(lines.get(4).strip(), ".s.PGSQL." + lines.get(3).strip() + ".lock");
                List<String> socketLines = Files.isRegularFile(socketLock) ? Files.readAllLines(socketLock) : List.of();
                if (!socketLines.isEmpty() && socketLines.get(0).strip().equals(pid)) {
                    Files.deleteIfExists(socketLock);
                }
            }
            Files.deleteIfExists(pidFile);
        } catch (IOException | NumberFormatException e) {
            // PostgreSQL itself judges a lock file it cannot use; nothing is lost by leaving it
            log.debug("cannot check {}", pidFile, e);
        }
    }

    private static boolean signal(ProcessHandle process, String signal) {
        try {
            return new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (alive(process)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The server's main process (the postmaster) as last started, or null if it could not be found. */
    public ProcessHandle postmaster() {
        return postmaster;
    }

    /** Whether the server can be restarted after a crash: its binaries were found. */
    public boolean restartable() {
        return binDir != null && Files.isExecutable(binDir.resolve("pg_ctl"));
    }

    /**
     * Starts the server again after its postmaster died, on the same directory and port ({@code pg_ctl restart}
     * reads both, and every other setting, from the {@code postmaster.opts} the server wrote at its start, so the JDBC
     * URL stays valid). PostgreSQL replays its WAL first: every committed transaction is there. If another postmaster
     * already runs on the directory (started by hand), it is taken as the server instead.
     */
    public synchronized void restart() throws IOException, InterruptedException {
        if (closing) {
            throw new IllegalStateException("the embedded PostgreSQL is being stopped");
        }
        if (!restartable()) {
            throw new IOException("the PostgreSQL binaries of " + dataDir + " are unknown; it cannot be restarted");
        }
        Optional<RunningServer> running = runningServer(dataDir);
        if (running.isPresent()) {
            postmaster = running.get().process();
            return;
        }
        removeStalePidFile(dataDir);
        Path logFile = dataDir.resolve("log").resolve("restarts.log");
        Files.createDirectories(logFile.getParent());
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // as zonky starts it: PostgreSQL refuses to run as root, and a user namespace makes it someone else
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-w", "-t", "60",
                "-l", logFile.toString(), "restart"));
        Process pgCtl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(pgCtl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (pgCtl.waitFor() != 0) {
            throw new IOException("pg_ctl restart failed: " + output.replace('\n', ' ') + " (server log: " + logFile + ")");
        }
        postmaster = runningServer(dataDir).map(RunningServer::process)
                .orElseThrow(() -> new IOException("PostgreSQL started but " + dataDir.resolve("postmaster.pid") + " names no live server"));
    }

    /** Whether {@link #close()} has begun: a server that stops now was asked to. */
    public boolean closing() {
        return closing;
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

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            log.warn("cannot stop the embedded PostgreSQL on {}: {}", dataDir, e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        closing = true;
        synchronized (this) {
            postgres.close();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to remove
        }
    }
}
