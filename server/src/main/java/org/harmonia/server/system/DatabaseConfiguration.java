package org.harmonia.server.system;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The data source: the external PostgreSQL if configured, otherwise an embedded one started with the application and
 * supervised while it runs. Either way the database's availability is one state, answered by the health endpoint and
 * the {@code harmonia.database.*} metrics.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    /**
     * Present only when no external database is configured; closed (and its temporary directory removed) at shutdown.
     * A server that {@code serve} or {@code demo} began to start alongside the application (see {@link EarlyStart}) is
     * taken over when it is the one configured.
     */
    @Bean(destroyMethod = "close")
    EmbeddedDatabaseHolder embeddedDatabase(HarmoniaProperties properties, ObjectProvider<EarlyStart> earlyStart) {
        HarmoniaProperties.Db db = properties.db();
        EarlyStart early = earlyStart.getIfAvailable();
        if (db.external()) {
            if (early != null) {
                early.discard();
            }
            return EmbeddedDatabaseHolder.none();
        }
        if (early != null) {
            if (early.matches(db.dataDirectory(), db.durable())) {
                try {
                    return EmbeddedDatabaseHolder.of(early.database().join());
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            early.discard();
        }
        return EmbeddedDatabaseHolder.of(EmbeddedDatabase.start(db.dataDirectory(), db.durable()));
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(HarmoniaProperties properties, EmbeddedDatabaseHolder embedded,
                          @Value("${harmonia.db.connection-timeout:1500ms}") Duration connectionTimeout,
                          @Value("${harmonia.db.connect-timeout:2s}") Duration connectTimeout,
                          @Value("${harmonia.db.socket-timeout:120s}") Duration socketTimeout,
                          @Value("${harmonia.db.pool-size:0}") int poolSize) {
        HarmoniaProperties.Db db = properties.db();
        HikariConfig config = new HikariConfig();
        config.setPoolName("harmonia");
        if (db.external()) {
            config.setJdbcUrl(db.url());
            config.setUsername(db.user());
            config.setPassword(db.password());
        } else {
            config.setJdbcUrl(embedded.database().jdbcUrl());
        }
        config.setMaximumPoolSize(poolSize(poolSize, db.external()));
        // How long a request waits for a connection before it is answered 503 (the pool's default is 30 s): a dead
        // database is answered within 2 s, and a restarted one that is back within this wait serves the request.
        config.setConnectionTimeout(connectionTimeout.toMillis());
        // an idle connection is checked before it is handed out; a server that no longer answers must not hold that up
        config.setValidationTimeout(Math.max(250, Math.min(1000, connectionTimeout.toMillis() - 250)));
        // The driver's own limits (in whole seconds; a URL parameter overrides them): opening a connection to a
        // half-dead server (the port accepts, nothing answers) gives up after connect-timeout instead of the driver's
        // 10 s or no limit at all, and a statement whose server stops answering fails after socket-timeout.
        long connectSeconds = Math.max(1, connectTimeout.toSeconds());
        config.addDataSourceProperty("connectTimeout", Long.toString(connectSeconds));
        config.addDataSourceProperty("loginTimeout", Long.toString(connectSeconds));
        config.addDataSourceProperty("socketTimeout", Long.toString(Math.max(0, socketTimeout.toSeconds())));
        return new HikariDataSource(config);
    }

    /**
     * The pool's connections: as set, or by default 10 for an external database (whose cores Harmonia cannot see) and
     * two per core of this machine plus one for the embedded one, which shares the machine's cores with the server.
     * More transactions at once than the database has cores to run them only add switching between them: 16 writers
     * on two cores saved more adverse events per second through 5 connections than through 10 (docs/benchmarks.md);
     * requests beyond the pool wait in the server for a connection, up to harmonia.db.connection-timeout.
     */
    static int poolSize(int configured, boolean external) {
        if (configured < 0 || configured > 1000) {
            throw new IllegalArgumentException("harmonia.db.pool-size must be between 1 and 1000 connections (0: the default), not "
                    + configured);
        }
        if (configured > 0) {
            return configured;
        }
        return external ? 10 : 2 * Runtime.getRuntime().availableProcessors() + 1;
    }

    @Bean(destroyMethod = "close")
    DatabaseAvailability databaseAvailability(DataSource dataSource, ObjectProvider<MeterRegistry> registry) {
        // the wall clock, not the application's: an outage lasts real seconds even where a test fixes "today"
        DatabaseAvailability availability = new DatabaseAvailability(dataSource, Clock.systemUTC());
        registry.ifAvailable(availability::registerMetrics);
        return availability;
    }

    /** Only for the embedded database (null, so absent, for an external one, which Harmonia cannot restart). */
    @Bean(destroyMethod = "close")
    DatabaseSupervisor databaseSupervisor(EmbeddedDatabaseHolder embedded, DatabaseAvailability availability,
                                          ObjectProvider<MeterRegistry> registry) {
        if (embedded.database() == null) {
            return null;
        }
        DatabaseSupervisor supervisor = new DatabaseSupervisor(embedded.database(), availability);
        registry.ifAvailable(supervisor::registerMetrics);
        return supervisor;
    }

    /** The {@code database} component of {@code /actuator/health}. */
    @Bean
    HealthIndicator databaseHealthIndicator(DatabaseAvailability availability, ObjectProvider<DatabaseSupervisor> supervisor) {
        return new DatabaseHealth(availability, supervisor.getIfAvailable());
    }

    /** Holds the embedded database, or nothing when an external one is used. */
    public static final class EmbeddedDatabaseHolder implements AutoCloseable {
        private final EmbeddedDatabase database;

        private EmbeddedDatabaseHolder(EmbeddedDatabase database) {
            this.database = database;
        }

        static EmbeddedDatabaseHolder none() {
            return new EmbeddedDatabaseHolder(null);
        }

        static EmbeddedDatabaseHolder of(EmbeddedDatabase database) {
            return new EmbeddedDatabaseHolder(database);
        }

        public EmbeddedDatabase database() {
            return database;
        }

        @Override
        public void close() throws Exception {
            if (database != null) {
                database.close();
            }
        }
    }

    /**
     * An embedded server whose start began before the application's: {@code serve} starts PostgreSQL (stopping a
     * server left by a killed JVM first) on its own thread while Spring builds the application, so the database's start
     * costs no time of its own in the server's.
     */
    public record EarlyStart(Path dataDir, boolean durable, CompletableFuture<EmbeddedDatabase> database) {
        public EarlyStart {
            dataDir = dataDir.toAbsolutePath().normalize();
        }

        /** Begins starting the server on a thread of its own. */
        public static EarlyStart begin(Path dataDir, boolean durable) {
            CompletableFuture<EmbeddedDatabase> future = new CompletableFuture<>();
            Thread starter = new Thread(() -> {
                try {
                    future.complete(EmbeddedDatabase.start(dataDir, durable));
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                }
            }, "harmonia-embedded-postgres-start");
            starter.setDaemon(true);
            starter.start();
            return new EarlyStart(dataDir, durable, future);
        }

        boolean matches(Path configured, boolean configuredDurable) {
            return configured != null && Objects.equals(dataDir, configured.toAbsolutePath().normalize()) && durable == configuredDurable;
        }

        /** Stops the server if the application did not take it (a different configuration, or the start failed). */
        public void discard() {
            database.thenAccept(db -> {
                try {
                    db.close();
                } catch (Exception e) {
                    // closing is best effort here: the server's own shutdown hook stops it at exit at the latest
                }
            });
        }
    }
}
