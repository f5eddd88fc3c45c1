package org.harmonia.server.stats;

import java.util.List;
import java.util.concurrent.Callable;
import org.harmonia.stats.survival.LogRank;
import org.harmonia.stats.survival.LogRankResult;
import org.harmonia.stats.survival.SurvivalData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code harmonia stats logrank}: the log-rank test of equal survival across groups, as R's survdiff. */
@Command(name = "logrank", mixinStandardHelpOptions = true,
        description = "Log-rank test across groups (R: survdiff(Surv(time, status) ~ group)).")
public final class LogRankCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StatsOptions options;

    @Option(names = "--time", paramLabel = "COLUMN", description = "Follow-up time (required).")
    String time;

    @Option(names = "--status", paramLabel = "COLUMN",
            description = "Event indicator, 1 = event, 0 = censored (or 2 = event, 1 = censored) (required).")
    String status;

    @Option(names = "--group", paramLabel = "COLUMN", description = "Groups to compare (required).")
    String group;

    @Override
    public Integer call() {
        SurvivalText.require("--time", time);
        SurvivalText.require("--status", status);
        SurvivalText.require("--group", group);
        LogRankResult result = LogRank.test(SurvivalData.fromTable(options.table(), time, status, group, List.of()));
        var out = spec.commandLine().getOut();
        if (options.json()) {
            out.println(JsonOutput.write(result));
        } else {
            SurvivalText.print(out, result);
        }
        out.flush();
        return 0;
    }
}
