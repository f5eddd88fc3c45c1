package org.harmonia.server.system;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The data source: the external PostgreSQL if configured, otherwise an embedded one started with the application. */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    /** Present only when no external database is configured; closed (and its temporary directory removed) at shutdown. */
    @Bean(destroyMethod = "close")
    EmbeddedDatabaseHolder embeddedDatabase(HarmoniaProperties properties) {
        HarmoniaProperties.Db db = properties.db();
        return db.external() ? EmbeddedDatabaseHolder.none() : EmbeddedDatabaseHolder.of(EmbeddedDatabase.start(db.dataDirectory(), db.durable()));
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(HarmoniaProperties properties, EmbeddedDatabaseHolder embedded,
                          @org.springframework.beans.factory.annotation.Value("${harmonia.db.connection-timeout:10s}")
                          java.time.Duration connectionTimeout) {
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
        config.setMaximumPoolSize(10);
        // how long a request waits for a connection before it is answered 503 (the pool's default is 30 s)
        config.setConnectionTimeout(connectionTimeout.toMillis());
        return new HikariDataSource(config);
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
}
