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
 * {@code harmonia export sdtm}: the study's SDTM datasets and define.xml from the live data, read from the database
 * directly like {@code report}. Blinded unless {@code --unblinded} is given: a blinded export has no arm in DM and no
 * treatment name in EX.
 */
@Command(name = "sdtm", mixinStandardHelpOptions = true,
        description = "Write the study's SDTM datasets (SDTMIG 3.4) and define.xml, as SAS transport v5 or Dataset-JSON 1.1.")
public final class SdtmCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--study", required = true, description = "Study id (e.g. mesems).")
    String study;

    @Option(names = "--format", required = true, description = "xpt (SAS transport version 5) or json (Dataset-JSON 1.1).")
    String format;

    @Option(names = "--out", required = true, description = "The directory to write the datasets and define.xml into.")
    Path out;

    @Option(names = "--unblinded", description = "Include the randomised arms (DM.ARM, EX.EXTRT): for the unblinded statistician.")
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
            SdtmExport.Result r = new SdtmExport(db.dataSource()).export(protocol, f, out, unblinded, Instant.now());
            spec.commandLine().getOut().println((unblinded ? "unblinded" : "blinded") + " SDTM datasets of " + study + " written to " + out
                    + ": " + r.rows().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("")
                    + "; define.xml");
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
