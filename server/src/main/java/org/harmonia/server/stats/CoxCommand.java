package org.harmonia.server.stats;

import java.util.concurrent.Callable;
import org.harmonia.stats.survival.CoxFit;
import org.harmonia.stats.survival.CoxRegression;
import org.harmonia.stats.survival.Ties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code harmonia stats cox}: a Cox proportional hazards model written as an R formula, as R's coxph. */
@Command(name = "cox", mixinStandardHelpOptions = true,
        description = "Cox proportional hazards regression (R: coxph(Surv(time, status) ~ x1 + factor(x2))).")
public final class CoxCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StatsOptions options;

    @Option(names = "--formula", paramLabel = "FORMULA",
            description = "Model, e.g. \"Surv(time, status) ~ age + sex + factor(ecog)\" (required).")
    String formula;

    @Option(names = "--ties", paramLabel = "METHOD", defaultValue = "efron",
            description = "Handling of tied event times: efron (default) or breslow.")
    String ties;

    @Override
    public Integer call() {
        SurvivalText.require("--formula", formula);
        Ties method = Ties.parse(ties);
        CoxFit fit = CoxRegression.fit(options.table(), formula, method);
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
