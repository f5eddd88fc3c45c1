package org.harmonia.server.standards.odm;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.harmonia.server.cli.CliLogging;
import org.harmonia.server.cli.UsageException;
import org.harmonia.server.system.DatabaseOptions;
import org.harmonia.trial.protocol.ProtocolLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code harmonia import odm}: an ODM file's metadata as a Harmonia protocol file ({@code --protocol-out}), or its
 * clinical data into a study ({@code --study}).
 */
@Command(name = "odm", mixinStandardHelpOptions = true,
        description = "Import a CDISC ODM 1.3 file (REDCap, OpenClinica, Harmonia): its metadata as a protocol file, or its clinical data into a study.")
public final class OdmImportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "The ODM file.")
    Path file;

    @Option(names = "--protocol-out", description = "Write the metadata as a Harmonia protocol file here.")
    Path protocolOut;

    @Option(names = "--study", description = "Import the clinical data into this study (its forms must match the file's).")
    String study;

    @Option(names = "--protocols", description = "The protocols directory of the server (default: as serve).")
    Path protocols;

    @CommandLine.Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        CliLogging.quiet();
        if ((protocolOut == null) == (study == null)) {
            throw new UsageException("give either --protocol-out P.yaml (metadata to a protocol file) or --study S (clinical data into a study)");
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no file " + file);
        }
        if (Files.size(file) > OdmReader.MAX_BYTES) {
            throw new UsageException(file + " is larger than the limit of " + OdmReader.MAX_BYTES + " bytes");
        }
        OdmFile odm;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            odm = new OdmReader().read(in, file.getFileName().toString());
        } catch (OdmReadException e) {
            throw new UsageException(e.getMessage());
        }
        if (protocolOut != null) {
            OdmProtocolWriter.Draft draft = new OdmProtocolWriter().write(odm, file.getFileName().toString());
            // the draft must load as any protocol does before it is written
            new ProtocolLoader().load(protocolOut.getFileName().toString(), draft.yaml());
            Path parent = protocolOut.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(protocolOut, draft.yaml(), StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("protocol drafted from " + file.getFileName() + " written to " + protocolOut + ": "
                    + draft.visits() + " visits, " + draft.forms() + " forms, " + draft.fields() + " fields; "
                    + draft.assumptions().size() + " assumptions to review (listed at the end of the file)");
            spec.commandLine().getOut().flush();
            return 0;
        }
        OdmDataImport.Result result = OdmDataImport.runFromCommandLine(database, protocols, study, odm, file);
        spec.commandLine().getOut().println(result.summary());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
