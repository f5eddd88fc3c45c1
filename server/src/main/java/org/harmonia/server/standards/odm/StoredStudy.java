package org.harmonia.server.standards.odm;

import java.nio.file.Files;
import java.nio.file.Path;
import org.harmonia.server.cli.UsageException;
import org.harmonia.server.system.CommandDatabase;
import org.harmonia.server.system.DatabaseOptions;
import org.harmonia.server.system.DemoCommand;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolLoader;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The database a command reads, chosen as {@code report} chooses it, and a study's current protocol as stored there. */
final class StoredStudy {
    private StoredStudy() {
    }

    /** The options if given, else a running demo, else the serve data directory, else the last demo's. */
    static CommandDatabase open(DatabaseOptions database) {
        if (database.url() != null && !database.url().isBlank() || database.dataDir() != null) {
            return database.open();
        }
        Path demo = DemoCommand.dataDir();
        Path serve = CommandDatabase.defaultDataDir();
        boolean demoRunning = CommandDatabase.runningServerPort(demo).isPresent();
        Path dir = !demoRunning && Files.isRegularFile(serve.resolve("PG_VERSION")) ? serve : demo;
        return CommandDatabase.open(null, null, null, dir);
    }

    /** The study's current protocol version as stored, parsed again; a study that is not there is a usage error. */
    static Protocol protocol(CommandDatabase db, String studyId) {
        String source = JdbcClient.create(db.dataSource()).sql("""
                select v.source from study s join protocol_version v on v.study_id = s.id and v.version = s.current_version
                where s.id = ?
                """).param(studyId).query(String.class).optional()
                .orElseThrow(() -> new UsageException("no study \"" + studyId + "\" in " + db.description()));
        return new ProtocolLoader().load(studyId + " (as stored)", source);
    }
}
