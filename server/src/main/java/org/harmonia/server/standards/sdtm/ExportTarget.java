package org.harmonia.server.standards.sdtm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.harmonia.server.cli.UsageException;
import org.harmonia.server.system.CommandDatabase;
import org.harmonia.server.system.DatabaseOptions;
import org.harmonia.server.system.DemoCommand;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolLoader;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the SDTM and ADaM commands share: the output directory's checks, the database chosen as {@code report} chooses it, the stored protocol. */
public final class ExportTarget {
    private ExportTarget() {
    }

    /** The output directory may exist, but only as an empty directory: an export never mixes with or overwrites other files. */
    public static void check(Path out) throws IOException {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw new UsageException("--out: " + out + " is a file, not a directory");
            }
            try (var files = Files.list(out)) {
                if (files.findAny().isPresent()) {
                    throw new UsageException("--out: " + out + " is not empty; give a new or empty directory");
                }
            }
        }
    }

    /** The database to read: the options if given, else a running demo, else the serve data directory, else the last demo's. */
    public static CommandDatabase open(DatabaseOptions database) {
        if (database.url() != null && !database.url().isBlank() || database.dataDir() != null) {
            return database.open();
        }
        Path demo = DemoCommand.dataDir();
        Path serve = CommandDatabase.defaultDataDir();
        boolean demoRunning = CommandDatabase.runningServerPort(demo).isPresent();
        Path dir = !demoRunning && Files.isRegularFile(serve.resolve("PG_VERSION")) ? serve : demo;
        return CommandDatabase.open(null, null, null, dir);
    }

    public static Protocol protocol(CommandDatabase db, String study) {
        String source = JdbcClient.create(db.dataSource()).sql("""
                select v.source from study s join protocol_version v on v.study_id = s.id and v.version = s.current_version
                where s.id = ?
                """).param(study).query(String.class).optional()
                .orElseThrow(() -> new UsageException("no study \"" + study + "\" in " + db.description()));
        return new ProtocolLoader().load(study + " (as stored)", source);
    }
}
