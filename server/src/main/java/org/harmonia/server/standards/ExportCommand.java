package org.harmonia.server.standards;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code harmonia export}: a study's data and metadata in the CDISC exchange standards. Each format is a
 * subcommand of its own, with the database options of {@code report}.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a study in a CDISC exchange standard.",
        subcommands = {org.harmonia.server.standards.odm.OdmExportCommand.class,
                org.harmonia.server.standards.sdtm.SdtmCommand.class, org.harmonia.server.standards.sdtm.AdamCommand.class,
                org.harmonia.server.standards.usdm.UsdmExportCommand.class})
public final class ExportCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
