package org.harmonia.server.standards.usdm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.harmonia.server.cli.CliLogging;
import org.harmonia.server.cli.UsageException;
import org.harmonia.server.standards.usdm.UsdmFile.UsdmReadException;
import org.harmonia.trial.protocol.ProtocolLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code harmonia import usdm}: a CDISC USDM 4 JSON file as a Harmonia protocol skeleton that {@code protocol check} accepts. */
@Command(name = "usdm", mixinStandardHelpOptions = true,
        description = "Draft a Harmonia protocol file from a CDISC USDM 4 JSON file; what USDM cannot say is listed as assumptions.")
public final class UsdmImportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "The USDM JSON file.")
    Path file;

    @Option(names = "--protocol-out", required = true, description = "Write the protocol file here.")
    Path protocolOut;

    @Override
    public Integer call() throws Exception {
        CliLogging.quiet();
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no file " + file);
        }
        if (Files.size(file) > UsdmFile.MAX_BYTES) {
            throw new UsageException(file + " is larger than the limit of " + UsdmFile.MAX_BYTES + " bytes");
        }
        if (Files.isDirectory(protocolOut)) {
            throw new UsageException("--protocol-out: " + protocolOut + " is a directory; give the file to write");
        }
        String name = file.getFileName().toString();
        UsdmProtocolWriter.Draft draft;
        try {
            draft = new UsdmProtocolWriter().write(UsdmFile.parse(Files.readAllBytes(file), name));
        } catch (UsdmReadException e) {
            throw new UsageException(e.getMessage());
        }
        // the draft must load as any protocol does before it is written
        new ProtocolLoader().load(protocolOut.getFileName().toString(), draft.yaml());
        Path parent = protocolOut.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(protocolOut, draft.yaml(), StandardCharsets.UTF_8);
        spec.commandLine().getOut().println("protocol drafted from " + name + " written to " + protocolOut + ": " + draft.visits()
                + " visits, " + draft.arms() + " sequences, " + draft.criteria() + " eligibility criteria, " + draft.endpoints()
                + " endpoints; " + draft.assumptions().size() + " assumptions to review (listed at the end of the file)");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
