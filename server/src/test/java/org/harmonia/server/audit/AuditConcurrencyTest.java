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

/** Appends racing from many threads of two server instances (two connection pools) on one database. */
class AuditConcurrencyTest {
    static final int THREADS = 16;
    static final int TRANSACTIONS_PER_THREAD = 15;

    @TempDir
    Path dir;

    @Test
    void sixteenThreadsOnTwoInstancesKeepOneUnforkedChain() throws Exception {
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
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            threads.shutdown();

            JdbcClient jdbc = JdbcClient.create(first);
            long rows = jdbc.sql("select count(*) from audit_log").query(Long.class).single();
            assertThat(rows).isEqualTo(THREADS * TRANSACTIONS_PER_THREAD * 2L);
            assertThat(jdbc.sql("select count(distinct prev_hash) from audit_log").query(Long.class).single()).isEqualTo(rows - 1);
            assertThat(jdbc.sql("select max(seq) from audit_log").query(Long.class).single()).isEqualTo(rows);
            // the two rows of each transaction sit next to each other in the chain
            assertThat(jdbc.sql("""
                    select count(*) from audit_log a join audit_log b on b.seq = a.seq + 1
                    where a.field = 'edss' and (b.field <> 'visit' or b.entity_id <> a.entity_id)
                    """).query(Long.class).single()).isZero();
            assertThat(jdbc.sql("select count(*) from audit_log a join audit_log b on b.seq = a.seq + 1"
                    + " where b.recorded_at < a.recorded_at").query(Long.class).single())
                    .as("times follow the chain order").isZero();
            ChainVerification v = new AuditChainVerifier(second).verify();
            assertThat(v.intact()).isTrue();
            assertThat(v.rowsChecked()).isEqualTo(rows);
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

        Instance(HikariDataSource ds) {
            trail = new AuditTrail(JdbcClient.create(ds));
            tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        }
    }
}
