package org.harmonia.server.standards.odm;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.harmonia.server.cli.CliLogging;
import org.harmonia.server.security.SiteScope;
import org.harmonia.server.system.CommandDatabase;
import org.harmonia.server.system.DatabaseOptions;
import org.harmonia.trial.protocol.Protocol;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code harmonia export odm}: a study as one CDISC ODM 1.3.2 file, read from the database directly (on the server
 * host, as {@code report}). Blinded unless asked otherwise: the allocations go only into an unblinded export.
 */
@Command(name = "odm", mixinStandardHelpOptions = true,
        description = "Export a study as CDISC ODM 1.3.2 XML: metadata (visits, forms, items, code lists) and clinical data with audit records.")
public final class OdmExportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--study", required = true, description = "Study id (e.g. mesems).")
    String study;

    @Option(names = "--out", required = true, description = "The ODM file to write.")
    Path out;

    @Option(names = "--metadata-only", description = "Only the study's metadata, no clinical data.")
    boolean metadataOnly;

    @Option(names = "--unblinded", description = "Add each subject's sequence and kit (an ALLOCATION form): for the unblinded statistician.")
    boolean unblinded;

    @CommandLine.Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        CliLogging.quiet();
        Path target = out.toAbsolutePath();
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        // written beside the target and moved into place, so a failed export never leaves half a file under its name
        Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".partial");
        OdmExporter.Summary summary;
        try (CommandDatabase db = StoredStudy.open(database)) {
            Protocol protocol = StoredStudy.protocol(db, study);
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                summary = new OdmExporter(db.dataSource(), Clock.systemUTC()).write(protocol,
                        new OdmExporter.Options(metadataOnly, unblinded, true, SiteScope.ALL), os);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        spec.commandLine().getOut().println((unblinded ? "unblinded" : "blinded") + " ODM 1.3.2 "
                + (metadataOnly ? "metadata" : "export") + " of " + study + " written to " + out
                + (metadataOnly ? "" : " (" + summary.subjects() + " subjects, " + summary.records() + " form records, "
                        + summary.values() + " values)"));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
