package org.harmonia.server.stats;

import java.util.List;
import java.util.concurrent.Callable;
import org.harmonia.stats.survival.ConfType;
import org.harmonia.stats.survival.KaplanMeier;
import org.harmonia.stats.survival.KaplanMeierFit;
import org.harmonia.stats.survival.SurvivalData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code harmonia stats km}: Kaplan–Meier survival curves by group, as R's survfit. */
@Command(name = "km", mixinStandardHelpOptions = true,
        description = "Kaplan-Meier survival curves (R: survfit(Surv(time, status) ~ group)).")
public final class KaplanMeierCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StatsOptions options;

    @Mixin
    SurvivalColumns columns;


    @Option(names = "--group", paramLabel = "COLUMN", description = "One curve per value of this column.")
    String group;

    @Option(names = "--conf-type", paramLabel = "TYPE", defaultValue = "log",
            description = "Confidence interval type: log (default), log-log or plain.")
    String confType;

    @Option(names = "--conf-level", paramLabel = "LEVEL", defaultValue = "0.95",
            description = "Confidence level (default 0.95).")
    String confLevel;

    @Override
    public Integer call() {
        columns.require();
        ConfType type = ConfType.parse(confType);
        double level = SurvivalText.number("--conf-level", confLevel);
        SurvivalData data = SurvivalData.fromTable(options.table(), columns.time, columns.status, group, List.of());
        KaplanMeierFit fit = KaplanMeier.fit(data, type, level);
        var out = spec.commandLine().getOut();
        if (options.json()) {
            out.println(JsonOutput.write(fit));
        } else {
            SurvivalText.print(out, fit);
        }
        out.flush();
        return 0;
    }
}
