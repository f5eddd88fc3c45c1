package org.harmonia.server.datamanagement;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.system.DatabaseOutage;
import org.harmonia.server.visits.FormRecordSaved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * When the edit checks run by themselves: after a form they read is saved (once the save has committed, so that a
 * check can never undo a site's save), and every {@code harmonia.edit-checks.interval} over every study, which also
 * catches what no form save announces (a visit recorded as missed).
 */
@Component
class EditCheckTriggers implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(EditCheckTriggers.class);

    private final EditCheckService checks;
    private final ProtocolCatalog catalog;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;

    EditCheckTriggers(EditCheckService checks, ProtocolCatalog catalog,
                      @Value("${harmonia.edit-checks.interval:6h}") Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("harmonia.edit-checks.interval must be positive, not " + interval);
        }
        this.checks = checks;
        this.catalog = catalog;
        this.interval = interval;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onFormSaved(FormRecordSaved saved) {
        if (saved.record().voided() || saved.record().repeating()) {
            return;
        }
        try {
            checks.afterSave(saved.record());
        } catch (RuntimeException e) {
            // the save stands; the scheduled run or a run on demand raises what this one could not
            log.warn("edit checks after saving form record {} failed: {}", saved.record().id(), e.getMessage());
        }
    }

    private void round() {
        for (var protocol : catalog.protocols()) {
            try {
                checks.runScheduled(protocol.id());
            } catch (RuntimeException e) {
                if (!DatabaseOutage.causedBy(e)) {
                    log.error("scheduled edit checks of study {} failed: {}", protocol.id(), e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edit-checks");
            t.setDaemon(true);
            return t;
        });
        // the first round one interval after start: a restart does not re-read every study at once
        ex.scheduleWithFixedDelay(this::round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        executor = ex;
    }

    @Override
    public void stop() {
        ScheduledExecutorService ex = executor;
        executor = null;
        if (ex != null) {
            ex.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
