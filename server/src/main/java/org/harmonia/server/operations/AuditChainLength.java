package org.harmonia.server.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The gauge {@code harmonia.audit.chain.length}: how many audit rows the chain holds (sealed, docs/audit.md). It grows with every audited
 * write, so a chain that stands still while users save data means writes are not being audited (or not committed).
 * <p>
 * The database is read in the background every {@code harmonia.metrics.audit-refresh} (10 s), never by a scrape:
 * scrapes of several Prometheus servers cost nothing, and a scrape while the database is down answers at once with
 * the last length read (NaN before the first read) instead of waiting for a connection.
 */
@Component
public class AuditChainLength implements AutoCloseable {
    public static final String GAUGE = "harmonia.audit.chain.length";

    private final JdbcClient jdbc;
    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "audit-chain-gauge");
        t.setDaemon(true);
        return t;
    });
    private volatile double length = Double.NaN;
    // read and written by the reader thread only
    private long rowByRow = -1;
    private long lastSeal;
    private long sealedRows;

    public AuditChainLength(JdbcClient jdbc, MeterRegistry registry,
                            @Value("${harmonia.metrics.audit-refresh:10s}") Duration refresh) {
        this.jdbc = jdbc;
        Gauge.builder(GAUGE, this, g -> g.length)
                .description("Entries in the audit chain, read from the database at most every " + refresh.toSeconds() + " s")
                .register(registry);
        // with a fixed delay, a slow read during an outage never piles up further reads behind it
        reader.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The one place that knows how the chain's length is read: the rows its seals cover, plus the rows chained row by
     * row before seals existed. Rows committed since the last seal (a fraction of a second's worth) are not counted yet.
     * Those older rows never change, so they are counted once; the seals are summed from the last one read on, so a
     * read costs the seals appended since the previous one, not a scan of the whole trail.
     */
    long chainLength() {
        if (rowByRow < 0) {
            rowByRow = jdbc.sql("select count(*) from audit_log where xid is null").query(Long.class).single();
        }
        jdbc.sql("select coalesce(max(position), 0), coalesce(sum(row_count), 0) from audit_seal where position > ?")
                .param(lastSeal).query(rs -> {
                    long position = rs.getLong(1);
                    if (position > lastSeal) {
                        lastSeal = position;
                        sealedRows += rs.getLong(2);
                    }
                });
        return rowByRow + sealedRows;
    }

    private void refresh() {
        try {
            length = chainLength();
        } catch (RuntimeException e) {
            // the database is unreachable: the outage is logged and reported where it happens; keep the last length
        }
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
