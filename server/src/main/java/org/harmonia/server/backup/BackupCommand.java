package org.harmonia.server.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.harmonia.server.cli.CliLogging;
import org.harmonia.server.cli.UsageException;
import org.harmonia.server.system.CommandDatabase;
import org.harmonia.server.system.DatabaseOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code harmonia backup}: an online backup of the embedded or external database, taken while the server runs. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Write an online backup of a Harmonia database, with the audit chain's head, into one file.",
                "The backup is consistent (one snapshot of every table) and taken while the server runs and writes. "
                        + "Restore it with: harmonia restore FILE --data-dir DIR."})
public final class BackupCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The backup file to write; it must not exist yet.")
    Path out;

    @CommandLine.Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        CliLogging.quiet();
        long started = System.nanoTime();
        BackupManifest manifest;
        String source;
        try (CommandDatabase db = database.open()) {
            source = db.description();
            manifest = new BackupWriter(db.dataSource()).write(out);
        }
        Path file = out.toAbsolutePath().normalize();
        // read back as a restore would, so a file that cannot be restored is known now rather than on the day it is needed
        try (BackupFile written = BackupFile.open(file)) {
            written.verify();
        } catch (UsageException e) {
            Files.deleteIfExists(file);
            throw new IllegalStateException("the backup written to " + file + " does not read back, so it was removed: "
                    + e.getMessage(), e);
        }
        spec.commandLine().getOut().printf("backup of %s written to %s and read back (%d bytes, %d tables, %d rows, "
                        + "schema version %s, taken %s, in %.1f s); audit chain head %s (keep it elsewhere; check a restored copy "
                        + "with audit verify --anchor)%n",
                source, file, Files.size(file), manifest.tables().size(), manifest.rows(), manifest.schemaVersion(), manifest.createdAt(),
                (System.nanoTime() - started) / 1e9, manifest.auditChainHead() == null ? "none (empty trail)" : manifest.auditChainHead());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
