package org.harmonia.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.harmonia.server.system.EmbeddedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends racing from many threads of two server instances (two connection pools) on one database, each instance
 * sealing at the same time, as two servers behind a load balancer do.
 */
class AuditConcurrencyTest {
    static final int THREADS = 16;
    static final int TRANSACTIONS_PER_THREAD = 15;

    @TempDir
    Path dir;

    @Test
    void sixteenThreadsOnTwoInstancesSealingAsTheyWriteKeepOneUnforkedChain() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("db"), false);
             HikariDataSource first = pool(db, "instance-a");
             HikariDataSource second = pool(db, "instance-b")) {
            TrailDatabase.migrate(first);
            List<Instance> instances = List.of(new Instance(first), new Instance(second));
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Instance instance = instances.get(t % 2);
                String actor = "worker-" + t;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < TRANSACTIONS_PER_THREAD; i++) {
                        int k = i;
                        // two rows per transaction: a reader must never see one without the other, nor another row between them
                        instance.tx.executeWithoutResult(s -> instance.trail.recordChanges(actor, "mesems", "stockholm",
                                "visit", actor + "-" + k, null, java.util.Map.of("edss", "3.5", "visit", "W" + k), null));
                    }
                    return null;
                }));
            }
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            List<Future<?>> sealers = new ArrayList<>();
            ExecutorService sealing = Executors.newFixedThreadPool(2);
            for (Instance instance : instances) {
                sealers.add(sealing.submit(() -> {
                    while (writing.get()) {
                        instance.sealer.sealPending(false);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            writing.set(false);
            for (Future<?> f : sealers) {
                f.get();
            }
            threads.shutdown();
            sealing.shutdown();
            instances.get(0).sealer.sealPending(true);

            JdbcClient jdbc = JdbcClient.create(first);
            long rows = jdbc.sql("select count(*) from audit_log").query(Long.class).single();
            assertThat(rows).isEqualTo(THREADS * TRANSACTIONS_PER_THREAD * 2L);
            long seals = jdbc.sql("select count(*) from audit_seal").query(Long.class).single();
            assertThat(seals).as("sealed in several rounds while the writes ran").isGreaterThan(1);
            assertThat(jdbc.sql("select count(distinct prev_hash) from audit_seal").query(Long.class).single()).isEqualTo(seals - 1);
            assertThat(jdbc.sql("select sum(row_count) from audit_seal").query(Long.class).single())
                    .as("every row in exactly one seal").isEqualTo(rows);
            // the two rows of each transaction sit next to each other in the chain's order
            assertThat(jdbc.sql("""
                    select count(*) from (select field, entity_id, lead(field) over w as next_field, lead(entity_id) over w as next_entity
                                          from audit_log window w as (order by xid, seq)) c
                    where field = 'edss' and (next_field <> 'visit' or next_entity <> entity_id)
                    """).query(Long.class).single()).isZero();
            ChainVerification v = new AuditChainVerifier(second).verify();
            assertThat(v.intact()).as(v.summary()).isTrue();
            assertThat(v.rowsChecked()).isEqualTo(rows);
            assertThat(v.sealsChecked()).isEqualTo(seals);
            assertThat(v.pendingRows()).isZero();
        }
    }

    private static HikariDataSource pool(EmbeddedDatabase db, String name) {
        HikariDataSource ds = new HikariDataSource();
        ds.setPoolName(name);
        ds.setJdbcUrl(db.jdbcUrl());
        ds.setMaximumPoolSize(8);
        return ds;
    }

    private static final class Instance {
        final AuditTrail trail;
        final TransactionTemplate tx;
        final AuditSealer sealer;

        Instance(HikariDataSource ds) {
            sealer = new AuditSealer(ds);
            trail = new AuditTrail(JdbcClient.create(ds));
            tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        }
    }
}
