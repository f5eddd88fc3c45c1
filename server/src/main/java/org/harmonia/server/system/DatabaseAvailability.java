package org.harmonia.server.system;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database can be reached, as one state that the requests that fail, the embedded database's supervisor,
 * the health endpoint and the metrics share. An outage is logged once when it starts and once when it ends, however
 * many requests fail in between; while it lasts, the database is probed in the background so the state comes back by
 * itself, also when no request arrives.
 */
public final class DatabaseAvailability implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Duration PROBE_EVERY = Duration.ofMillis(500);
    private static final long BUSY_LOG_EVERY_MILLIS = 60_000;
    private static final long RECENT_RECOVERY_MILLIS = 1_000;

    /** An outage in progress: since when, and what first showed it. */
    public record Outage(Instant since, String cause) {
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final AtomicReference<Outage> outage = new AtomicReference<>();
    private final AtomicLong busyLogged = new AtomicLong();
    private final AtomicLong recoveredAt = new AtomicLong();
    private final ScheduledExecutorService prober;
    private volatile BooleanSupplier probeSuspended = () -> false;

    public DatabaseAvailability(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "harmonia-database-probe");
            t.setDaemon(true);
            return t;
        });
        prober.scheduleWithFixedDelay(this::probeWhileDown, PROBE_EVERY.toMillis(), PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Registers {@code harmonia.database.available} (1 while the database answers, 0 during an outage). */
    public void registerMetrics(MeterRegistry registry) {
        Gauge.builder("harmonia.database.available", this, a -> a.available() ? 1 : 0)
                .description("1 while the database can be reached, 0 during an outage").register(registry);
    }

    /** While the supplier says so, the background probe waits (the embedded database's supervisor is restarting it). */
    void suspendProbesWhile(BooleanSupplier suspended) {
        this.probeSuspended = suspended;
    }

    public boolean available() {
        return outage.get() == null;
    }

    /** The outage in progress, or null. */
    public Outage outage() {
        return outage.get();
    }

    /**
     * A request or a check failed on the database. A connection that cannot be made or that broke starts an outage;
     * a pool whose connections are all busy (the database answers, the wait ran out) is no outage and is logged at
     * most once a minute.
     */
    public void failed(Throwable e) {
        if (!DatabaseOutage.causedBy(e)) {
            return;
        }
        if (busyOnly(e)) {
            long now = clock.millis();
            long last = busyLogged.get();
            if (now - last >= BUSY_LOG_EVERY_MILLIS && busyLogged.compareAndSet(last, now)) {
                log.warn("every database connection was busy for longer than the wait allows; answering 503: {}", rootMessage(e));
            }
            return;
        }
        if (clock.millis() - recoveredAt.get() < RECENT_RECOVERY_MILLIS && reachable()) {
            // a request that failed just before the database came back, reporting just after: no new outage
            return;
        }
        unavailable(rootMessage(e));
    }

    /** The database is known to be gone (its server stopped): the outage starts now unless one is already running. */
    public void unavailable(String cause) {
        Outage started = new Outage(clock.instant(), cause);
        if (outage.compareAndSet(null, started)) {
            log.warn("database unavailable since {}: {}; requests are answered 503 until it is back", TIME.format(started.since()), cause);
            // the pool's connections all point at the server that went away: new ones are made once it is back
            if (dataSource instanceof HikariDataSource hikari) {
                HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
                if (pool != null) {
                    pool.softEvictConnections();
                }
            }
        }
    }

    /** The database answered again: the outage, if one was running, ends with its one line, saying how it ended. */
    public void availableAgain(String how) {
        Outage ended = outage.getAndSet(null);
        if (ended != null) {
            recoveredAt.set(clock.millis());
            double seconds = Duration.between(ended.since(), clock.instant()).toMillis() / 1000.0;
            log.info("database available again after {} s{}", String.format(Locale.ROOT, "%.1f", seconds),
                    how == null || how.isBlank() ? "" : " (" + how + ")");
        }
    }

    /** Checks the database now with a pooled connection; a failure starts an outage. */
    public boolean check() {
        return check(null);
    }

    /** Checks the database now; if that ends an outage, its last line says {@code how} it ended. */
    public boolean check(String how) {
        try (Connection c = dataSource.getConnection()) {
            if (c.isValid(1)) {
                availableAgain(how);
                return true;
            }
            unavailable("a connection to the database failed its validity check");
            return false;
        } catch (Exception e) {
            if (DatabaseOutage.causedBy(e)) {
                failed(e);
            } else {
                unavailable(rootMessage(e));
            }
            return false;
        }
    }

    /** Whether a pooled connection answers now; changes no state. */
    private boolean reachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(1);
        } catch (Exception e) {
            return false;
        }
    }

    private void probeWhileDown() {
        try {
            if (outage.get() != null && !probeSuspended.getAsBoolean()) {
                check();
            }
        } catch (RuntimeException e) {
            // the probe runs again in a moment; an unexpected failure must not end the schedule
            log.debug("database probe failed", e);
        }
    }

    /** A pool that timed out with no failed connection behind it: every connection was in use, the database itself answers. */
    static boolean busyOnly(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException && t.getCause() == null
                    && t.getMessage() != null && t.getMessage().contains("Connection is not available")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.strip().lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
