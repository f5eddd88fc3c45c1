package org.harmonia.server.protocol;

import java.nio.file.Files;
import java.nio.file.Path;
import org.harmonia.trial.protocol.ProtocolLoader;

/** Where protocol files live and how a study id or a path names one. */
public final class ProtocolFiles {
    private ProtocolFiles() {
    }

    /** The protocols directory: the configured one, else {@code $HARMONIA_HOME/protocols}, else {@code ./protocols}. */
    public static Path directory(Path configured) {
        if (configured != null) {
            return configured;
        }
        String home = System.getenv("HARMONIA_HOME");
        return home == null ? Path.of("protocols") : Path.of(home, "protocols");
    }

    /** A path to an existing file, or a study id looked up as {@code <id>.yaml} in the protocols directory. */
    public static Path resolve(String fileOrId, Path configuredDirectory) {
        Path asFile = Path.of(fileOrId);
        if (Files.isRegularFile(asFile) || fileOrId.contains("/") || fileOrId.endsWith(".yaml") || fileOrId.endsWith(".yml")) {
            return asFile;
        }
        return directory(configuredDirectory).resolve(fileOrId + ".yaml");
    }

    /** The loader with every check the platform runs on a protocol. */
    public static ProtocolLoader loader() {
        return new ProtocolLoader();
    }
}
