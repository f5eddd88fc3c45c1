package org.harmonia.server.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The schema migrations this Harmonia carries, the same ones {@code serve} runs at start. */
final class Migrations {
    static final String LOCATION = "classpath:db/migration";
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");

    private Migrations() {
    }

    /** The versions of the migrations on the class path, oldest first; read without a database. */
    static List<MigrationVersion> available() {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/*.sql");
            return Stream.of(resources).map(Resource::getFilename).filter(Objects::nonNull).map(VERSIONED::matcher)
                    .filter(Matcher::matches).map(m -> MigrationVersion.fromVersion(m.group(1).replace('_', '.')))
                    .distinct().sorted(Comparator.naturalOrder()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the schema migrations: " + e.getMessage(), e);
        }
    }

    /** Builds the schema on an empty database exactly up to {@code version}, so the backup's rows fit it column for column. */
    static void migrate(DataSource dataSource, MigrationVersion version) {
        Flyway.configure().dataSource(dataSource).locations(LOCATION).target(version).load().migrate();
    }
}
