package org.harmonia.server.stats;

import java.util.List;
import java.util.concurrent.Callable;
import org.harmonia.stats.crossover.CarryOverTest;
import org.harmonia.stats.crossover.Crossover2x2;
import org.harmonia.stats.crossover.CrossoverColumns;
import org.harmonia.stats.crossover.CrossoverResult;
import org.harmonia.stats.crossover.SequenceSummary;
import org.harmonia.stats.glm.Coefficient;
import org.harmonia.stats.glm.Family;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code harmonia stats crossover}: the treatment effect of a 2x2 crossover from long-format data. */
@Command(name = "crossover",
        mixinStandardHelpOptions = true,
        description = {"Analyse a two-treatment, two-period crossover (one row per subject and period).",
                "gaussian: lm(y ~ factor(subject) + period + treatment) and Grizzle's carry-over test;",
                "negbin: glm.nb(y ~ factor(subject) + period + treatment), the treatment effect as a rate ratio."})
public final class CrossoverCommand implements Callable<Integer> {

    @Mixin
    StatsOptions options;

    @Option(names = "--subject", required = true, paramLabel = "COLUMN", description = "Subject identifier column.")
    String subject;

    @Option(names = "--period", required = true, paramLabel = "COLUMN", description = "Period column (1 or 2).")
    String period;

    @Option(names = "--treatment", required = true, paramLabel = "COLUMN", description = "Treatment column.")
    String treatment;

    @Option(names = "--sequence", required = true, paramLabel = "COLUMN", description = "Sequence column.")
    String sequence;

    @Option(names = "--response", required = true, paramLabel = "COLUMN", description = "Endpoint column.")
    String response;

    @Option(names = "--family", defaultValue = "gaussian", paramLabel = "FAMILY",
            description = "gaussian (continuous endpoint) or negbin (counts); default: ${DEFAULT-VALUE}.")
    String family;

    @Option(names = "--control", paramLabel = "LEVEL",
            description = "The control treatment (default: the first in sorted order).")
    String control;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The JSON document of a crossover analysis. */
    public record CrossoverJson(String method, String family, String treatmentLevel, String controlLevel, int subjects,
                                int observations, List<String> excludedSubjects, Coefficient treatment,
                                Coefficient period, CarryOverTest carryOver, List<SequenceSummary> sequences,
                                Double theta, Double thetaSe, int dfResidual) {
    }

    @Override
    public Integer call() {
        Family f = Family.parse(family);
        CrossoverResult r = Crossover2x2.analyse(options.table(),
                new CrossoverColumns(subject, period, treatment, sequence, response), f, control);
        var out = spec.commandLine().getOut();
        if (options.json()) {
            out.println(JsonOutput.write(new CrossoverJson("crossover", f.label(), r.treatmentLevel(), r.controlLevel(),
                    r.subjects(), r.observations(), r.excludedSubjects(), r.treatment(), r.period(), r.carryOver(),
                    r.sequences(), r.theta(), r.thetaSe(), r.dfResidual())));
        } else {
            out.print(summary(r));
        }
        out.flush();
        return 0;
    }

    static String summary(CrossoverResult r) {
        StringBuilder s = new StringBuilder();
        boolean counts = r.family() == Family.NEGBIN;
        s.append("2x2 crossover, ").append(counts ? "count endpoint (negative binomial, subject effects)"
                : "continuous endpoint (linear model, subject effects)").append('\n');
        s.append(r.subjects()).append(" subjects, ").append(r.observations()).append(" observations");
        if (!r.excludedSubjects().isEmpty()) {
            s.append("; excluded: ").append(String.join(", ", r.excludedSubjects()));
        }
        s.append("\n\nSequence        subjects  first treatment  mean total  mean period 1  mean period 2\n");
        for (SequenceSummary q : r.sequences()) {
            s.append(String.format("%-15s %8d  %-15s  %10s  %13s  %13s%n", q.sequence(), q.subjects(), q.firstTreatment(),
                    GlmCommand.num(q.meanTotal()), GlmCommand.num(q.meanPeriod1()), GlmCommand.num(q.meanPeriod2())));
        }
        s.append('\n');
        line(s, r.treatmentLevel() + " vs " + r.controlLevel(), r.treatment(), counts);
        line(s, "period 2 vs 1", r.period(), counts);
        if (counts) {
            s.append("Theta: ").append(GlmCommand.num(r.theta())).append(" (Std. Error ").append(GlmCommand.num(r.thetaSe()))
                    .append(")\n");
        }
        CarryOverTest c = r.carryOver();
        if (c != null) {
            s.append(String.format("Carry-over (Grizzle; subject totals, %s minus %s): difference %s, SE %s, t = %.3f on %d df, "
                    + "p = %s, 95%% CI %s to %s%n", c.firstSequence(), c.secondSequence(), GlmCommand.num(c.difference()),
                    GlmCommand.num(c.se()), c.statistic(), c.df(), GlmCommand.p(c.p()), GlmCommand.num(c.ciLow()),
                    GlmCommand.num(c.ciHigh())));
        }
        return s.toString();
    }

    private static void line(StringBuilder s, String label, Coefficient c, boolean ratio) {
        s.append(String.format("%-20s estimate %s (SE %s), 95%% CI %s to %s, %s = %.3f, p = %s", label,
                GlmCommand.num(c.estimate()), GlmCommand.num(c.se()), GlmCommand.num(c.ciLow()), GlmCommand.num(c.ciHigh()),
                ratio ? "z" : "t", c.statistic(), GlmCommand.p(c.p())));
        if (ratio) {
            s.append(String.format("; rate ratio %s (%s to %s)", GlmCommand.num(c.expEstimate()), GlmCommand.num(c.expCiLow()),
                    GlmCommand.num(c.expCiHigh())));
        }
        s.append('\n');
    }
}
