package org.harmonia.server.standards.sdtm;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.harmonia.server.cli.CliLogging;
import org.harmonia.server.cli.UsageException;
import org.harmonia.server.standards.dataset.DatasetFormat;
import org.harmonia.server.system.CommandDatabase;
import org.harmonia.server.system.DatabaseOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code harmonia export adam}: ADSL, ADGEL, define.xml and the R script that reproduces the report's primary
 * result, from the report's snapshot of the database. Blinded unless {@code --unblinded}: a blinded export has no
 * sequence and its script cannot compare.
 */
@Command(name = "adam", mixinStandardHelpOptions = true,
        description = "Write the study's ADaM datasets (ADSL, ADGEL), define.xml and the R script of the primary analysis.")
public final class AdamCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--study", required = true, description = "Study id (e.g. mesems).")
    String study;

    @Option(names = "--format", required = true, description = "xpt (SAS transport version 5) or json (Dataset-JSON 1.1).")
    String format;

    @Option(names = "--out", required = true, description = "The directory to write the datasets, define.xml and the R script into.")
    Path out;

    @Option(names = "--unblinded", description = "Include the randomised sequences: for the unblinded statistician.")
    boolean unblinded;

    @CommandLine.Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        DatasetFormat f = DatasetFormat.parse(format)
                .orElseThrow(() -> new UsageException("--format: \"" + format + "\" is not one of: xpt, json"));
        ExportTarget.check(out);
        CliLogging.quiet();
        try (CommandDatabase db = ExportTarget.open(database)) {
            var protocol = ExportTarget.protocol(db, study);
            AdamExport.Result r = new AdamExport(db.dataSource()).export(protocol, f, out, unblinded, Instant.now());
            spec.commandLine().getOut().println((unblinded ? "unblinded" : "blinded") + " ADaM datasets of " + study + " written to " + out
                    + ": ADSL " + r.rows().get("ADSL") + ", ADGEL " + r.rows().get("ADGEL") + "; define.xml; " + AdamExport.SCRIPT);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
