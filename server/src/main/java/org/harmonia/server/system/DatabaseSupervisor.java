package org.harmonia.server.system;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the embedded PostgreSQL's postmaster and, when it dies (killed, crashed, out of memory), starts it again on
 * the same data directory and port: PostgreSQL's crash recovery replays the WAL, the pool makes new connections, and
 * the server carries on without anyone restarting it. The outage in between is {@link DatabaseAvailability}'s: one
 * line when the postmaster is found dead, one when the database answers again.
 */
public final class DatabaseSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatabaseSupervisor.class);
    /** How often the postmaster is looked at: reading one /proc file, so a crash is noticed within this. */
    private static final Duration WATCH_EVERY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(5);

    private final EmbeddedDatabase database;
    private final DatabaseAvailability availability;
    private final AtomicInteger restarts = new AtomicInteger();
    private final Thread watcher;
    private volatile boolean restarting;
    private volatile boolean stopped;

    public DatabaseSupervisor(EmbeddedDatabase database, DatabaseAvailability availability) {
        this.database = database;
        this.availability = availability;
        availability.suspendProbesWhile(() -> restarting);
        this.watcher = new Thread(this::watch, "harmonia-database-supervisor");
        watcher.setDaemon(true);
        if (database.restartable()) {
            watcher.start();
        } else {
            log.warn("the embedded PostgreSQL's binaries were not found; it will not be restarted if it stops");
        }
    }

    /** Registers {@code harmonia.database.embedded.restarts} and {@code harmonia.database.embedded.running}. */
    public void registerMetrics(MeterRegistry registry) {
        FunctionCounter.builder("harmonia.database.embedded.restarts", this, DatabaseSupervisor::restarts)
                .description("times the embedded PostgreSQL was restarted after its server process died").register(registry);
        Gauge.builder("harmonia.database.embedded.running", this, s -> s.running() ? 1 : 0)
                .description("1 while the embedded PostgreSQL's server process runs").register(registry);
    }

    public int restarts() {
        return restarts.get();
    }

    public boolean restarting() {
        return restarting;
    }

    public boolean running() {
        return EmbeddedDatabase.alive(database.postmaster());
    }

    private void watch() {
        while (!stopped && !database.closing()) {
            ProcessHandle postmaster = database.postmaster();
            if (!EmbeddedDatabase.alive(postmaster) && !stopped && !database.closing()) {
                restartAfter(postmaster);
            }
            if (!pause(WATCH_EVERY)) {
                return;
            }
        }
    }

    private void restartAfter(ProcessHandle dead) {
        restarting = true;
        availability.unavailable("the embedded PostgreSQL (pid " + (dead == null ? "?" : dead.pid()) + ") stopped; restarting it");
        long started = System.nanoTime();
        Duration wait = Duration.ofMillis(200);
        boolean failureLogged = false;
        try {
            while (!stopped && !database.closing()) {
                try {
                    database.restart();
                    restarts.incrementAndGet();
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    // still "restarting" while checking, so the background probe cannot end the outage first, without the how
                    availability.check("the embedded PostgreSQL was restarted on port " + database.port() + " in " + millis
                            + " ms, crash recovery included");
                    return;
                } catch (java.io.IOException | RuntimeException e) {
                    if (!failureLogged && !database.closing()) {
                        // once: the outage's own line already says the database is gone; this says why it stays gone
                        log.warn("the embedded PostgreSQL on {} does not start again yet, retrying: {}", database.dataDir(), e.getMessage());
                        failureLogged = true;
                    }
                }
                if (!pause(wait)) {
                    return;
                }
                wait = wait.multipliedBy(2).compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : wait.multipliedBy(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            restarting = false;
        }
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stopped = true;
        watcher.interrupt();
    }
}
