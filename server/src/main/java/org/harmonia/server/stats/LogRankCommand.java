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

    @Mixin
    SurvivalColumns columns;


    @Option(names = "--group", paramLabel = "COLUMN", description = "Groups to compare (required).")
    String group;

    @Override
    public Integer call() {
        columns.require();
        SurvivalText.require("--group", group);
        LogRankResult result = LogRank.test(SurvivalData.fromTable(options.table(), columns.time, columns.status, group, List.of()));
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
