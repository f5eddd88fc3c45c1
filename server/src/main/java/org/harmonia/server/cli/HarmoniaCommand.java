package org.harmonia.server.cli;

import org.harmonia.server.stats.StatsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code harmonia} command line: the entry point of the jar. */
@Command(name = "harmonia",
        mixinStandardHelpOptions = true,
        versionProvider = HarmoniaVersion.class,
        description = "Harmonia runs multi-centre clinical trials of cell therapies end to end.",
        subcommands = {StatsCommand.class})
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
        // a mistyped or missing option is bad usage: one line and exit code 2, not a page of help
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println(ex.getMessage() + " (see: " + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help)");
            return CliErrors.BAD_INPUT;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
