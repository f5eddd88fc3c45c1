package org.harmonia.server.standards.usdm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.harmonia.server.cli.CliLogging;
import org.harmonia.server.cli.UsageException;
import org.harmonia.server.standards.sdtm.ExportTarget;
import org.harmonia.server.system.CommandDatabase;
import org.harmonia.server.system.DatabaseOptions;
import org.harmonia.trial.protocol.Protocol;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code harmonia export usdm}: the study's protocol, as the database holds its current version, as a CDISC USDM 4
 * JSON file. The protocol is public within the study, but its concealed parts (the randomisation's block sizes,
 * concealed assumptions) are never written.
 */
@Command(name = "usdm", mixinStandardHelpOptions = true,
        description = "Write the study's protocol as a CDISC USDM 4 JSON file (study, design, arms, epochs, visits, activities, "
                + "schedule, eligibility, objectives and endpoints).")
public final class UsdmExportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--study", required = true, description = "Study id (e.g. mesems).")
    String study;

    @Option(names = "--out", required = true, description = "The JSON file to write (not an existing directory).")
    Path out;

    @CommandLine.Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        if (Files.isDirectory(out)) {
            throw new UsageException("--out: " + out + " is a directory; give the file to write");
        }
        CliLogging.quiet();
        Protocol protocol;
        try (CommandDatabase db = ExportTarget.open(database)) {
            protocol = ExportTarget.protocol(db, study);
        }
        UsdmExport.Result result = new UsdmExport().export(protocol);
        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        // written beside the target and moved into place: a failed export leaves no half file
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(tmp.toFile(), result.usdm());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        var o = spec.commandLine().getOut();
        o.println("USDM " + UsdmMapping.USDM_VERSION + " protocol of " + study + " " + protocol.version() + " written to " + out + ": "
                + protocol.visits().size() + " visits, " + protocol.sequences().size() + " study arms, " + protocol.activities().size()
                + " activities, " + protocol.eligibility().size() + " eligibility criteria, " + protocol.objectives().size()
                + " objectives, " + protocol.endpoints().size() + " endpoints");
        if (!result.notExported().isEmpty()) {
            o.println("not in the file: " + String.join("; ", result.notExported()));
        }
        o.flush();
        return 0;
    }
}
