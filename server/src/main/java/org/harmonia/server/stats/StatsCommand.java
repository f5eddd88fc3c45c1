package org.harmonia.server.stats;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code harmonia stats}: the statistics engine on a CSV file, one sub-command per method. */
@Command(name = "stats",
        mixinStandardHelpOptions = true,
        description = "Run a statistical method on a CSV file and print a table or JSON.",
        subcommands = {GlmCommand.class, CrossoverCommand.class, TTestCommand.class, WilcoxonCommand.class,
                MmrmCommand.class,
                FisherCommand.class, ChiSquareCommand.class, RiskCommand.class, KaplanMeierCommand.class,
                LogRankCommand.class, CoxCommand.class, LandmarkCommand.class, MetaCommand.class})
public final class StatsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
