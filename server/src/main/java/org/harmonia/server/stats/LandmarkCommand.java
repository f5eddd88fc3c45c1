package org.harmonia.server.stats;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.harmonia.server.cli.UsageException;
import org.harmonia.stats.data.DataTable;
import org.harmonia.stats.survival.ConfType;
import org.harmonia.stats.survival.CoxRegression;
import org.harmonia.stats.survival.KaplanMeier;
import org.harmonia.stats.survival.KaplanMeierFit;
import org.harmonia.stats.survival.Landmark;
import org.harmonia.stats.survival.LandmarkSet;
import org.harmonia.stats.survival.LogRank;
import org.harmonia.stats.survival.SurvivalData;
import org.harmonia.stats.survival.Ties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code harmonia stats landmark}: keeps the subjects still under observation after the landmark time (time &gt; L),
 * restarts their clock at L and runs Kaplan–Meier, the log-rank test or a Cox model of the group on them.
 */
@Command(name = "landmark", mixinStandardHelpOptions = true,
        description = "Landmark analysis: subjects with time > L, time restarted at L, then km, logrank or cox by group.")
public final class LandmarkCommand implements Callable<Integer> {

    /** What the landmark command reports: who was kept and excluded, and the analysis of those kept. */
    public record LandmarkReport(double landmark, String method, int n, int kept, int eventsBefore,
            int censoredBefore, List<String> groupsExcluded, int droppedMissing, Object result) {
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StatsOptions options;

    @Mixin
    SurvivalColumns columns;


    @Option(names = "--group", paramLabel = "COLUMN", description = "Groups to compare (required).")
    String group;

    @Option(names = "--at", paramLabel = "L", description = "Landmark time, in the unit of --time (required).")
    String at;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "km",
            description = "Analysis after the landmark: km (default), logrank or cox.")
    String method;

    @Option(names = "--conf-type", paramLabel = "TYPE", defaultValue = "log",
            description = "For km: log (default), log-log or plain.")
    String confType;

    @Option(names = "--ties", paramLabel = "METHOD", defaultValue = "efron",
            description = "For cox: efron (default) or breslow.")
    String ties;

    @Override
    public Integer call() {
        columns.require();
        SurvivalText.require("--group", group);
        double landmark = SurvivalText.number("--at", at);
        String m = method.toLowerCase(Locale.ROOT);
        if (!List.of("km", "logrank", "cox").contains(m)) {
            throw new UsageException("option --method: \"" + method + "\" is not one of km, logrank, cox");
        }
        ConfType type = ConfType.parse(confType);
        Ties tieMethod = Ties.parse(ties);
        DataTable table = options.table();
        SurvivalData data = SurvivalData.fromTable(table, columns.time, columns.status, group, List.of());
        LandmarkSet set = Landmark.at(data, landmark);
        Object result = switch (m) {
            case "km" -> KaplanMeier.fit(set.data(), type, 0.95);
            case "logrank" -> LogRank.test(set.data());
            default -> CoxRegression.fitByGroup(set.data(), group, table.isNumeric(group), tieMethod);
        };
        LandmarkReport report = new LandmarkReport(landmark, m, set.n(), set.kept(), set.eventsBefore(),
                set.censoredBefore(), set.groupsExcluded(), data.droppedMissing(), result);
        var out = spec.commandLine().getOut();
        if (options.json()) {
            out.println(JsonOutput.write(report));
        } else {
            out.printf("Landmark at %s: %d of %d subjects still under observation (time > %s); excluded %d with an"
                    + " event and %d censored at or before it%n", SurvivalText.num(landmark), set.kept(), set.n(),
                    SurvivalText.num(landmark), set.eventsBefore(), set.censoredBefore());
            if (!set.groupsExcluded().isEmpty()) {
                out.printf("groups with nobody left: %s%n", String.join(", ", set.groupsExcluded()));
            }
            out.println("Time below is measured from the landmark.");
            out.println();
            if (result instanceof KaplanMeierFit km) {
                SurvivalText.print(out, km);
            } else if (result instanceof org.harmonia.stats.survival.LogRankResult lr) {
                SurvivalText.print(out, lr);
            } else {
                SurvivalText.print(out, (org.harmonia.stats.survival.CoxFit) result);
            }
        }
        out.flush();
        return 0;
    }
}
