package org.harmonia.server.system;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Harmonia keeps its data: an external PostgreSQL ({@code harmonia.db.url}) or, when none is given,
 * an embedded PostgreSQL in {@code harmonia.db.data-dir} (a fresh temporary directory if that is empty too);
 * the directory of protocol files loaded at start; and how long API tokens live ({@code harmonia.tokens.*}).
 */
@ConfigurationProperties(prefix = "harmonia")
public record HarmoniaProperties(Db db, String protocols, Tokens tokens) {

    public HarmoniaProperties {
        db = db == null ? new Db(null, null, null, null, false) : db;
        tokens = tokens == null ? new Tokens(null, null) : tokens;
    }

    /** The configured protocols directory, or null to use the default. Paths are bound as text: Spring would read them as web resources. */
    public Path protocolsDirectory() {
        return protocols == null || protocols.isBlank() ? null : Path.of(protocols);
    }

    /** Database settings; {@code durable} turns fsync on for an embedded database whose data a user keeps. */
    public record Db(String url, String user, String password, String dataDir, boolean durable) {
        public Path dataDirectory() {
            return dataDir == null || dataDir.isBlank() ? null : Path.of(dataDir);
        }

        public boolean external() {
            return url != null && !url.isBlank();
        }
    }

    /**
     * API token lifetimes in days: {@code lifetime-days} when a token request asks for none (default 90), and
     * {@code max-lifetime-days}, the most a request may ask for (default 365).
     */
    public record Tokens(Integer lifetimeDays, Integer maxLifetimeDays) {
        public static final int DEFAULT_LIFETIME_DAYS = 90;
        public static final int DEFAULT_MAX_LIFETIME_DAYS = 365;

        public Tokens {
            lifetimeDays = lifetimeDays == null ? DEFAULT_LIFETIME_DAYS : lifetimeDays;
            maxLifetimeDays = maxLifetimeDays == null ? Math.max(DEFAULT_MAX_LIFETIME_DAYS, lifetimeDays) : maxLifetimeDays;
            if (lifetimeDays < 1 || maxLifetimeDays < lifetimeDays) {
                throw new IllegalArgumentException("harmonia.tokens: lifetime-days must be at least 1 and at most max-lifetime-days, not "
                        + lifetimeDays + " and " + maxLifetimeDays);
            }
        }
    }
}
