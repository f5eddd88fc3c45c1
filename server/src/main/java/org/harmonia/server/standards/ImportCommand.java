package org.harmonia.server.standards;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code harmonia import}: metadata and data from the CDISC exchange standards, into a protocol file or a study. Each format is a
 * subcommand of its own, with the database options of {@code report}.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a protocol or clinical data from a CDISC exchange standard.",
        subcommands = {org.harmonia.server.standards.odm.OdmImportCommand.class,
                org.harmonia.server.standards.usdm.UsdmImportCommand.class})
public final class ImportCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
