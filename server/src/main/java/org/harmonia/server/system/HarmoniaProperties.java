package org.harmonia.server.system;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Harmonia keeps its data: an external PostgreSQL ({@code harmonia.db.url}) or, when none is given,
 * an embedded PostgreSQL in {@code harmonia.db.data-dir} (a fresh temporary directory if that is empty too);
 * and the directory of protocol files loaded at start.
 */
@ConfigurationProperties(prefix = "harmonia")
public record HarmoniaProperties(Db db, String protocols) {

    public HarmoniaProperties {
        db = db == null ? new Db(null, null, null, null, false) : db;
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
}
