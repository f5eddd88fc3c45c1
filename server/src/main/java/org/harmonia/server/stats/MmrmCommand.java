package org.harmonia.server.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.harmonia.server.cli.UsageException;
import org.harmonia.stats.glm.Formula;
import org.harmonia.stats.mmrm.ArmDifference;
import org.harmonia.stats.mmrm.CovarianceStructure;
import org.harmonia.stats.mmrm.DegreesOfFreedom;
import org.harmonia.stats.mmrm.FixedEffect;
import org.harmonia.stats.mmrm.LeastSquaresMean;
import org.harmonia.stats.mmrm.Mmrm;
import org.harmonia.stats.mmrm.MmrmResult;
import org.harmonia.stats.mmrm.MmrmSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code harmonia stats mmrm}: a mixed model for repeated measures from long-format data (one row per subject and visit). */
@Command(name = "mmrm",
        mixinStandardHelpOptions = true,
        description = {"Fit a mixed model for repeated measures (REML) to one row per subject and visit.",
                "Default model: response ~ visit * arm + baseline, unstructured covariance across visits;",
                "Satterthwaite degrees of freedom (or Kenward-Roger with --df kenward-roger); least-squares means",
                "by visit and arm as emmeans gives them.",
                "As R: nlme::gls(..., correlation = corSymm, weights = varIdent, method = \"REML\") and emmeans."})
public final class MmrmCommand implements Callable<Integer> {

    @Mixin
    StatsOptions options;

    @Option(names = "--subject", required = true, paramLabel = "COLUMN", description = "Subject identifier column.")
    String subject;

    @Option(names = "--visit", required = true, paramLabel = "COLUMN",
            description = "Visit column (a factor; numeric visits are ordered as numbers).")
    String visit;

    @Option(names = "--response", paramLabel = "COLUMN", description = "Outcome column (not with --formula).")
    String response;

    @Option(names = "--arm", paramLabel = "COLUMN", description = "Arm column (a factor).")
    String arm;

    @Option(names = "--baseline", paramLabel = "COLUMN", description = "Baseline covariate column (not with --formula).")
    String baseline;

    @Option(names = "--formula", paramLabel = "FORMULA",
            description = "Fixed effects as an R formula instead of --response/--baseline, e.g. \"edss ~ base + site + visit * arm\".")
    String formula;

    @Option(names = "--covariance", defaultValue = "us", paramLabel = "STRUCTURE",
            description = "us (unstructured), cs (compound symmetry) or ar1 (default: ${DEFAULT-VALUE}).")
    String covariance;

    @Option(names = "--df", defaultValue = "satterthwaite", paramLabel = "METHOD",
            description = "Degrees of freedom of the t tests: satterthwaite, or kenward-roger (which also adjusts the "
                    + "standard errors, as pbkrtest and SAS's DDFM=KR) (default: ${DEFAULT-VALUE}).")
    String df;

    @Option(names = "--control", paramLabel = "LEVEL", description = "The reference arm (default: the first in sorted order).")
    String control;

    @Option(names = "--ref", paramLabel = "VAR=LEVEL",
            description = "Reference level of another factor instead of the first in sorted order; repeatable.")
    Map<String, String> references = new LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The JSON document of an MMRM fit. */
    public record MmrmJson(String method, String formula, String covariance, String dfMethod, int subjects,
                           int observations, int dropped,
                           List<String> visits, List<String> arms, double logLik, double aic, int iterations,
                           List<FixedEffect> coefficients, double[][] covarianceMatrix, double[][] correlationMatrix,
                           List<LeastSquaresMean> leastSquaresMeans, List<ArmDifference> differences) {
    }

    @Override
    public Integer call() {
        DegreesOfFreedom method = DegreesOfFreedom.parse(df);
        MmrmResult r = Mmrm.fit(options.table(), spec(), method);
        var out = spec.commandLine().getOut();
        if (options.json()) {
            out.println(JsonOutput.write(new MmrmJson("mmrm", r.formula(), r.covariance().code(),
                    r.degreesOfFreedom().code(), r.subjects(),
                    r.observations(), r.dropped(), r.visits(), r.armLevels(), r.logLik(), r.aic(), r.iterations(),
                    r.fixedEffects(), r.covarianceMatrix(), r.correlationMatrix(), r.leastSquaresMeans(), r.differences())));
        } else {
            out.print(summary(r));
        }
        out.flush();
        return 0;
    }

    private MmrmSpec spec() {
        CovarianceStructure structure = CovarianceStructure.parse(covariance);
        Map<String, String> refs = new LinkedHashMap<>(references);
        if (control != null) {
            if (arm == null) {
                throw new UsageException("--control names a reference arm: give the arm column with --arm");
            }
            if (refs.containsKey(arm)) {
                throw new UsageException("the reference arm is given twice: by --control and by --ref " + arm + "=...");
            }
            refs.put(arm, control);
        }
        if (formula != null) {
            if (response != null || baseline != null) {
                throw new UsageException("give either --formula or --response (with --baseline), not both");
            }
            return new MmrmSpec(Formula.parse(formula), subject, visit, arm, structure, refs);
        }
        if (response == null) {
            throw new UsageException("give the outcome with --response COLUMN (or the whole model with --formula)");
        }
        return MmrmSpec.standard(response, subject, visit, arm, baseline, structure, refs);
    }

    /** A readable summary: fit, covariance, coefficients, least-squares means and arm differences. */
    static String summary(MmrmResult r) {
        StringBuilder s = new StringBuilder();
        s.append("Mixed model for repeated measures (REML), ").append(r.covariance().description())
                .append(" covariance: ").append(r.formula()).append('\n');
        s.append(r.subjects()).append(" subjects, ").append(r.observations()).append(" observations");
        if (r.dropped() > 0) {
            s.append(", ").append(r.dropped()).append(" rows left out for missing values");
        }
        s.append("\nREML log-likelihood: ").append(GlmCommand.num(r.logLik())).append("   AIC: ")
                .append(GlmCommand.num(r.aic())).append("   Newton iterations: ").append(r.iterations()).append('\n');
        s.append(r.degreesOfFreedom() == DegreesOfFreedom.KENWARD_ROGER
                ? "Kenward-Roger degrees of freedom and adjusted standard errors\n\n"
                : "Satterthwaite degrees of freedom\n\n");

        int width = Math.max(11, r.fixedEffects().stream().mapToInt(c -> c.term().length()).max().orElse(0));
        s.append(String.format("%-" + width + "s %11s %11s %8s %8s %10s %11s %11s%n", "", "Estimate", "Std. Error", "df",
                "t value", "Pr(>|t|)", "2.5 %", "97.5 %"));
        for (FixedEffect c : r.fixedEffects()) {
            s.append(String.format("%-" + width + "s %11s %11s %8.2f %8.3f %10s %11s %11s%n", c.term(), GlmCommand.num(c.estimate()),
                    GlmCommand.num(c.se()), c.df(), c.statistic(), GlmCommand.p(c.p()), GlmCommand.num(c.ciLow()),
                    GlmCommand.num(c.ciHigh())));
        }
        s.append("\nCovariance across visits (correlations below the diagonal):\n");
        int cell = Math.max(11, r.visits().stream().mapToInt(String::length).max().orElse(0) + 1);
        s.append(String.format("%-" + cell + "s", ""));
        for (String v : r.visits()) {
            s.append(String.format("%" + cell + "s", v));
        }
        s.append('\n');
        for (int a = 0; a < r.visits().size(); a++) {
            s.append(String.format("%-" + cell + "s", r.visits().get(a)));
            for (int b = 0; b < r.visits().size(); b++) {
                double v = b > a ? r.covarianceMatrix()[a][b] : b == a ? r.covarianceMatrix()[a][a] : r.correlationMatrix()[a][b];
                s.append(String.format("%" + cell + "s", GlmCommand.num(v)));
            }
            s.append('\n');
        }
        if (!r.leastSquaresMeans().isEmpty()) {
            s.append("\nLeast-squares means\n");
            s.append(String.format("%-12s %-12s %11s %11s %8s %11s %11s%n", "visit", "arm", "mean", "Std. Error", "df",
                    "2.5 %", "97.5 %"));
            for (LeastSquaresMean m : r.leastSquaresMeans()) {
                s.append(String.format("%-12s %-12s %11s %11s %8.2f %11s %11s%n", m.visit(), m.arm() == null ? "" : m.arm(),
                        GlmCommand.num(m.estimate()), GlmCommand.num(m.se()), m.df(), GlmCommand.num(m.ciLow()),
                        GlmCommand.num(m.ciHigh())));
            }
        }
        if (!r.differences().isEmpty()) {
            s.append("\nDifferences from the reference arm\n");
            s.append(String.format("%-12s %-24s %11s %11s %8s %8s %10s %11s %11s%n", "visit", "contrast", "estimate",
                    "Std. Error", "df", "t value", "Pr(>|t|)", "2.5 %", "97.5 %"));
            for (ArmDifference d : r.differences()) {
                s.append(String.format("%-12s %-24s %11s %11s %8.2f %8.3f %10s %11s %11s%n", d.visit(),
                        d.arm() + " - " + d.reference(), GlmCommand.num(d.estimate()), GlmCommand.num(d.se()), d.df(),
                        d.statistic(), GlmCommand.p(d.p()), GlmCommand.num(d.ciLow()), GlmCommand.num(d.ciHigh())));
            }
        }
        return s.toString();
    }
}
