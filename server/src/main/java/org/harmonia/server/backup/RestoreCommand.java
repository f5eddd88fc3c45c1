package org.harmonia.server.backup;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.harmonia.server.cli.CliLogging;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code harmonia restore}: a backup into a new embedded data directory, checked before it is kept. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a backup written by harmonia backup into a new, empty embedded data directory, verify its row counts, "
                + "checksums and audit chain, then serve it with: harmonia serve --data-dir DIR. Exit code 0 when restored, 2 when "
                + "refused (the directory is not empty, the file is corrupt, truncated or from a newer Harmonia), and nothing is left.")
public final class RestoreCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The backup file.")
    Path file;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "The data directory to create for the embedded PostgreSQL; it must not exist or be empty.")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        CliLogging.quiet();
        long started = System.nanoTime();
        DatabaseRestore.Restored restored = DatabaseRestore.intoDataDir(file, dataDir);
        spec.commandLine().getOut().printf("%s (in %.1f s)%n", restored.summary(), (System.nanoTime() - started) / 1e9);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
