package org.harmonia.server.cli;

import org.harmonia.server.audit.AuditCommand;
import org.harmonia.server.analysis.ReportCommand;
import org.harmonia.server.protocol.ProtocolCommand;
import org.harmonia.server.security.UserCommand;
import org.harmonia.server.simulation.SimulateCommand;
import org.harmonia.server.standards.ExportCommand;
import org.harmonia.server.standards.ImportCommand;
import org.harmonia.server.stats.StatsCommand;
import org.harmonia.server.system.DemoCommand;
import org.harmonia.server.system.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code harmonia} command line: the entry point of the jar. */
@Command(name = "harmonia",
        mixinStandardHelpOptions = true,
        versionProvider = HarmoniaVersion.class,
        description = "Harmonia runs multi-centre clinical trials of cell therapies end to end.",
        subcommands = {ServeCommand.class, DemoCommand.class, ProtocolCommand.class, StatsCommand.class, AuditCommand.class,
                UserCommand.class, ReportCommand.class, SimulateCommand.class, org.harmonia.server.backup.BackupCommand.class, org.harmonia.server.backup.RestoreCommand.class,
                ExportCommand.class, ImportCommand.class})
public final class HarmoniaCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line in-process and returns its exit code (0 ok, 1 failure, 2 bad usage or input). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** A configured command line, exposed so tests can capture its output. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new HarmoniaCommand());
        cl.setExecutionExceptionHandler(new CliErrors());
        cl.setParameterExceptionHandler(CliErrors::handleParameterException);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
