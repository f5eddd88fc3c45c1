package org.harmonia.server.audit;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.harmonia.server.system.DatabaseOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs a sealing round at a fixed interval while the server runs, one at start and a last one at shutdown, so a row
 * is chained within about one interval of its commit. With several server instances each runs rounds; the sealer's
 * lock lets one at a time through and the others skip.
 */
@Component
class AuditSealingSchedule implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(AuditSealingSchedule.class);

    private final AuditSealer sealer;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;

    AuditSealingSchedule(AuditSealer sealer, @Value("${harmonia.audit.seal-interval:200ms}") Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("harmonia.audit.seal-interval must be positive, not " + interval);
        }
        this.sealer = sealer;
        this.interval = interval;
    }

    @Override
    public void start() {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-sealer");
            t.setDaemon(true);
            return t;
        });
        ex.scheduleWithFixedDelay(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        executor = ex;
    }

    private void round() {
        try {
            sealer.sealPending(false);
        } catch (RuntimeException e) {
            // an unreachable database is reported once by the outage handling; the next round seals what is left
            if (!DatabaseOutage.causedBy(e)) {
                log.error("audit sealing round failed; the rows stay unsealed until a later round: {}", e.getMessage(), e);
            }
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService ex = executor;
        executor = null;
        if (ex == null) {
            return;
        }
        ex.shutdown();
        try {
            ex.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        round();
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** After the data source and Flyway are up, before the web server; stopped after the web server stops taking requests. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE / 2;
    }
}
