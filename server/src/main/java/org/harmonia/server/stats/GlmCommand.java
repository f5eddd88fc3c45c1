package org.harmonia.server.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.harmonia.server.cli.UsageException;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.data.DataTable;
import org.harmonia.stats.glm.Coefficient;
import org.harmonia.stats.glm.Family;
import org.harmonia.stats.glm.Glm;
import org.harmonia.stats.glm.GlmResult;
import org.harmonia.stats.glm.CoefficientTest;
import org.harmonia.stats.glm.Inference;
import org.harmonia.stats.glm.Formula;
import org.harmonia.stats.glm.LikelihoodRatioTest;
import org.harmonia.stats.glm.ModelMatrix;
import org.harmonia.stats.glm.RerandomisationTest;
import org.harmonia.trial.protocol.Sequence;
import org.harmonia.trial.randomisation.AllocationProcedure;
import org.harmonia.trial.randomisation.RandomisationException;
import org.harmonia.trial.randomisation.RerandomisedAllocations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code harmonia stats glm}: a generalised linear model from an R formula, printed as R's summary or as JSON. */
@Command(name = "glm",
        mixinStandardHelpOptions = true,
        description = {"Fit a generalised linear model given as an R formula.",
                "Families: gaussian (lm), binomial (logit), poisson (log), negbin (NB2, log; theta as MASS::glm.nb)."})
public final class GlmCommand implements Callable<Integer> {

    @Mixin
    StatsOptions options;

    @Option(names = "--formula", required = true, paramLabel = "FORMULA",
            description = "R formula, e.g. \"lesions ~ arm + factor(site) + offset(log(scans))\".")
    String formula;

    @Option(names = "--family", defaultValue = "gaussian", paramLabel = "FAMILY",
            description = "gaussian, binomial, poisson or negbin (default: ${DEFAULT-VALUE}).")
    String family;

    @Option(names = "--ref", paramLabel = "VAR=LEVEL",
            description = "Reference level of a factor instead of the first in sorted order; repeatable.")
    Map<String, String> references = new LinkedHashMap<>();

    @Option(names = "--lrt", paramLabel = "TERM",
            description = "Likelihood-ratio test for dropping this term (the model is refitted without it).")
    String lrt;

    @Option(names = "--test", defaultValue = "wald", paramLabel = "TEST",
            description = {"How coefficients are tested and their 95% CIs formed (default: ${DEFAULT-VALUE}):",
                    "wald (model-based SE; confint.default), lrt (each coefficient dropped and the model refitted; "
                            + "profile-likelihood CI as MASS::confint), robust (sandwich SE as sandwich::vcovHC),",
                    "rerandomisation (the allocation procedure re-run; --treatment, --allocation and its options)."})
    String test;

    @Option(names = "--robust-type", paramLabel = "TYPE",
            description = "The sandwich for --test robust: hc0 or hc3 (default hc3, as sandwich::vcovHC).")
    String robustType;

    @Option(names = "--treatment", paramLabel = "COLUMN",
            description = "With --test rerandomisation: the allocated column (two levels) whose coefficient is re-randomised.")
    String treatment;

    @Option(names = "--allocation", paramLabel = "PROCEDURE",
            description = "With --test rerandomisation: how the rows were allocated, permuted-blocks, minimisation or complete.")
    String allocation;

    @Option(names = "--block-sizes", paramLabel = "B,B", split = ",",
            description = "Permuted blocks: the block sizes, drawn at random block by block (e.g. 2,4).")
    List<Integer> blockSizes;

    @Option(names = "--strata", paramLabel = "COLUMN,COLUMN", split = ",",
            description = "Permuted blocks: the stratification columns (none: unstratified); minimisation: its factors.")
    List<String> strata;

    @Option(names = "--probability", paramLabel = "P",
            description = "Minimisation: the probability of taking the sequence that minimises imbalance.")
    Double probability;

    @Option(names = "--order", paramLabel = "COLUMN",
            description = "Column giving the order of randomisation, a number per row (default: the rows' order in the file).")
    String order;

    @Option(names = "--rerandomisations", paramLabel = "M",
            description = "Re-randomisations (default 10000).")
    Integer rerandomisations;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed of the re-randomisations (default: a random one, printed so the test can be repeated).")
    Long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The JSON document of a fit. */
    public record GlmJson(String method, String family, String formula, String test,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String robustType, int n, int dropped,
                          List<Coefficient> coefficients, double logLik, double aic, double deviance,
                          double nullDeviance, int dfResidual, Double theta, Double thetaSe, int iterations,
                          @JsonInclude(JsonInclude.Include.NON_NULL) LikelihoodRatioTest lrt,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Rerandomisation rerandomisation) {
    }

    /** The re-randomisation test of the treatment's coefficient, as the JSON carries it. */
    public record Rerandomisation(String term, String allocation, String statisticName, double statistic, double scoreP, double p,
                                  double monteCarloSe, int rerandomisations, int atLeastAsExtreme, long seed) {
        static Rerandomisation of(RerandomisationTest t, String allocation) {
            return new Rerandomisation(t.term(), allocation, "score", t.statistic(), t.scoreP(), t.p(), t.monteCarloSe(),
                    t.rerandomisations(), t.atLeastAsExtreme(), t.seed());
        }
    }

    @Override
    public Integer call() {
        Family f = Family.parse(family);
        Inference inference = Inference.parse(test, robustType);
        boolean rerandomise = inference.test() == CoefficientTest.RERANDOMISATION;
        if (!rerandomise && (treatment != null || allocation != null || blockSizes != null || strata != null || probability != null
                || order != null || rerandomisations != null || seed != null)) {
            throw new UsageException("--treatment, --allocation, --block-sizes, --strata, --probability, --order, --rerandomisations "
                    + "and --seed go with --test rerandomisation");
        }
        if (rerandomise) {
            inference = Inference.rerandomisation(rerandomisations, seed != null ? seed : new SecureRandom().nextLong() >>> 1);
        }
        DataTable table = options.table();
        ModelMatrix m = ModelMatrix.build(table, Formula.parse(formula), references);
        GlmResult r = Glm.fit(m, formula, f, lrt, inference);
        RerandomisationTest rerandomised = null;
        AllocationProcedure procedure = null;
        if (rerandomise) {
            procedure = procedure(table);
            rerandomised = rerandomise(table, m, f, procedure, inference);
        }
        var out = spec.commandLine().getOut();
        if (options.json()) {
            String type = inference.robustType() == null ? null : inference.robustType().label();
            out.println(JsonOutput.write(new GlmJson("glm", f.label(), formula, inference.test().label(), type, r.n(), r.dropped(), r.coefficients(),
                    r.logLik(), r.aic(), r.deviance(), r.nullDeviance(), r.dfResidual(), r.theta(), r.thetaSe(),
                    r.iterations(), r.lrt(), rerandomised == null ? null : Rerandomisation.of(rerandomised, procedure.describe()))));
        } else {
            out.print(summary(r));
            if (rerandomised != null) {
                out.print(rerandomisationText(rerandomised, procedure.describe(), table.rows(), seed == null));
            }
        }
        out.flush();
        return 0;
    }

    /** The allocation procedure the options describe, checked against the table's columns. */
    private AllocationProcedure procedure(DataTable table) {
        if (treatment == null) {
            throw new UsageException("--test rerandomisation needs --treatment COLUMN, the allocated column");
        }
        if (allocation == null) {
            throw new UsageException("--test rerandomisation needs --allocation permuted-blocks, minimisation or complete");
        }
        if (!table.has(treatment)) {
            throw new InvalidDataException("--treatment: " + table.source() + " has no column \"" + treatment + "\"");
        }
        List<String> factors = strata == null ? List.of() : strata;
        for (String c : factors) {
            if (!table.has(c)) {
                throw new InvalidDataException("--strata: " + table.source() + " has no column \"" + c + "\"");
            }
        }
        List<Sequence> sequences = new ArrayList<>();
        for (String level : treatmentLevels(table)) {
            sequences.add(new Sequence(level, level, 1, List.of()));
        }
        try {
            return switch (allocation) {
                case "permuted-blocks" -> {
                    if (blockSizes == null || probability != null) {
                        throw new UsageException("--allocation permuted-blocks needs --block-sizes (and takes no --probability)");
                    }
                    yield AllocationProcedure.permutedBlocks(sequences, blockSizes, factors);
                }
                case "minimisation" -> {
                    if (probability == null || blockSizes != null || factors.isEmpty()) {
                        throw new UsageException("--allocation minimisation needs --strata (its factors) and --probability, and takes no --block-sizes");
                    }
                    yield AllocationProcedure.minimisation(sequences, factors, probability);
                }
                case "complete" -> {
                    if (blockSizes != null || probability != null || !factors.isEmpty()) {
                        throw new UsageException("--allocation complete takes no --block-sizes, --strata or --probability");
                    }
                    yield AllocationProcedure.complete(sequences);
                }
                default -> throw new UsageException("--allocation must be permuted-blocks, minimisation or complete; got " + allocation);
            };
        } catch (RandomisationException e) {
            throw new InvalidDataException(e.getMessage());
        }
    }

    /** The two levels of the treatment column, in R's order (the first is the reference unless --ref says otherwise). */
    private List<String> treatmentLevels(DataTable table) {
        java.util.TreeSet<String> levels = new java.util.TreeSet<>(ModelMatrix.R_TEXT_ORDER);
        for (String v : table.cells(treatment)) {
            if (v != null && !v.isEmpty()) {
                levels.add(v);
            }
        }
        if (levels.size() != 2) {
            throw new InvalidDataException("--treatment " + treatment + " has " + levels.size() + " levels; the re-randomisation "
                    + "test compares two");
        }
        return List.copyOf(levels);
    }

    /** Re-runs the procedure over every row of the file in the order of randomisation and tests the treatment's coefficient. */
    private RerandomisationTest rerandomise(DataTable table, ModelMatrix m, Family f, AllocationProcedure procedure,
                                            Inference inference) {
        if (f == Family.GAUSSIAN) {
            throw new InvalidDataException("the re-randomisation test is for binomial, poisson and negbin models");
        }
        ModelMatrix.TermColumns term = m.terms().stream().filter(t -> t.label().equals(treatment)).findFirst()
                .orElseThrow(() -> new InvalidDataException("--treatment " + treatment + " is not a term of the formula " + formula));
        if (term.to() - term.from() != 1) {
            throw new InvalidDataException("--treatment " + treatment + " must give one coefficient; it gives " + (term.to() - term.from()));
        }
        String coefficient = m.columnNames().get(term.from());
        String compared = coefficient.substring(treatment.length());
        if (compared.isEmpty()) {
            // a numeric column: its coefficient is the effect of 1 against 0, so it must hold only those two values
            List<String> levels = treatmentLevels(table);
            if (!levels.equals(List.of("0", "1"))) {
                throw new InvalidDataException("--treatment " + treatment + " is numeric with values " + String.join(" and ", levels)
                        + "; a numeric treatment must be 0 and 1 (or use text values)");
            }
            compared = "1";
        }
        int rows = table.rows();
        Integer[] arrival = new Integer[rows];
        for (int i = 0; i < rows; i++) {
            arrival[i] = i;
        }
        if (order != null) {
            if (!table.has(order)) {
                throw new InvalidDataException("--order: " + table.source() + " has no column \"" + order + "\"");
            }
            double[] key = table.numeric(order);
            java.util.Arrays.sort(arrival, java.util.Comparator.comparingDouble((Integer i) -> key[i]));
            for (int i = 1; i < rows; i++) {
                if (key[arrival[i]] == key[arrival[i - 1]]) {
                    throw new InvalidDataException("--order: rows " + (arrival[i - 1] + 1) + " and " + (arrival[i] + 1)
                            + " have the same place (" + num(key[arrival[i]]) + ") in the order of randomisation");
                }
            }
        }
        int[] position = new int[rows];
        List<Map<String, String>> levels = new ArrayList<>(rows);
        for (int at = 0; at < rows; at++) {
            int i = arrival[at];
            position[i] = at;
            Map<String, String> v = new LinkedHashMap<>();
            for (String c : procedure.factors()) {
                String value = table.cells(c)[i];
                if (value == null || value.isEmpty()) {
                    throw new InvalidDataException("--strata: row " + (i + 1) + " has no value in column " + c);
                }
                v.put(c, value);
            }
            levels.add(v);
        }
        int[] rowPatient = new int[m.n()];
        for (int r = 0; r < m.n(); r++) {
            rowPatient[r] = position[m.rows()[r] - 1];
        }
        return RerandomisedAllocations.test(f, m, coefficient, procedure.forPatients(levels), procedure.indexOf(compared),
                rowPatient, inference.rerandomisations(), inference.seed());
    }

    static String rerandomisationText(RerandomisationTest t, String procedure, int randomised, boolean seedWasDrawn) {
        return String.format("Re-randomisation test of %s: %s re-run %d times over the %d rows in their order of randomisation "
                        + "(seed %d%s)%n  score statistic %s (asymptotic p %s); p = %s, Monte Carlo SE %s (%d of %d at least as extreme)%n",
                t.term(), procedure, t.rerandomisations(), randomised, t.seed(), seedWasDrawn ? "; repeat with --seed " + t.seed() : "",
                num(t.statistic()), p(t.scoreP()), String.format("%.4g", t.p()), String.format("%.2g", t.monteCarloSe()),
                t.atLeastAsExtreme(), t.rerandomisations());
    }

    /** A readable summary in the manner of R's summary.glm. */
    static String summary(GlmResult r) {
        StringBuilder s = new StringBuilder();
        String name = switch (r.family()) {
            case GAUSSIAN -> "Linear model (gaussian, identity link)";
            case BINOMIAL -> "Logistic regression (binomial, logit link)";
            case POISSON -> "Poisson regression (log link)";
            case NEGBIN -> "Negative binomial regression (NB2, log link)";
        };
        s.append(name).append(": ").append(r.formula()).append('\n');
        s.append(r.n()).append(" rows used");
        if (r.dropped() > 0) {
            s.append(", ").append(r.dropped()).append(" dropped for missing values");
        }
        s.append('\n').append(inferenceLine(r)).append("\n\n");
        boolean exp = r.family() != Family.GAUSSIAN;
        boolean lr = r.inference().test() == CoefficientTest.LRT;
        String stat = lr ? "LR chisq" : r.family() == Family.GAUSSIAN ? "t value" : "z value";
        String pName = lr ? "Pr(>Chi)" : r.family() == Family.GAUSSIAN ? "Pr(>|t|)" : "Pr(>|z|)";
        int width = Math.max(11, r.coefficients().stream().mapToInt(c -> c.term().length()).max().orElse(0));
        s.append(String.format("%-" + width + "s %11s %11s %8s %10s %11s %11s", "", "Estimate", "Std. Error", stat, pName,
                "2.5 %", "97.5 %"));
        if (exp) {
            s.append(String.format(" %10s %10s %10s", r.family() == Family.BINOMIAL ? "OR" : "exp(Est)", "2.5 %", "97.5 %"));
        }
        s.append('\n');
        for (Coefficient c : r.coefficients()) {
            s.append(String.format("%-" + width + "s %11s %11s %8s %10s %11s %11s", c.term(), num(c.estimate()), num(c.se()),
                    c.statistic() == null ? "" : String.format("%.3f", c.statistic()), c.p() == null ? "" : p(c.p()),
                    num(c.ciLow()), num(c.ciHigh())));
            if (exp) {
                s.append(String.format(" %10s %10s %10s", num(c.expEstimate()), num(c.expCiLow()), num(c.expCiHigh())));
            }
            s.append('\n');
        }
        s.append('\n');
        if (r.theta() != null) {
            s.append("Theta: ").append(num(r.theta())).append(" (Std. Error ").append(num(r.thetaSe())).append(")\n");
        }
        s.append("Log-likelihood: ").append(num(r.logLik())).append("   AIC: ").append(num(r.aic())).append('\n');
        s.append(r.family() == Family.GAUSSIAN ? "Residual sum of squares: " : "Residual deviance: ")
                .append(num(r.deviance())).append(" on ").append(r.dfResidual()).append(" degrees of freedom\n");
        s.append("Null deviance: ").append(num(r.nullDeviance())).append('\n');
        s.append(r.family() == Family.NEGBIN ? "Alternations of IRLS and theta: " : "IRLS iterations: ")
                .append(r.iterations()).append('\n');
        if (r.lrt() != null) {
            LikelihoodRatioTest t = r.lrt();
            s.append("Likelihood-ratio test for dropping ").append(t.term()).append(": chi-square ").append(num(t.statistic()))
                    .append(" on ").append(t.df()).append(" df, p = ").append(p(t.p())).append('\n');
        }
        return s.toString();
    }

    private static String inferenceLine(GlmResult r) {
        boolean t = r.family() == Family.GAUSSIAN;
        return switch (r.inference().test()) {
            case WALD -> t ? "t tests and 95% CIs from the model's standard errors"
                    : "Wald z tests and 95% Wald CIs from the model's standard errors";
            case LRT -> "Likelihood-ratio tests (each coefficient dropped, the model refitted; 1 df) and 95% "
                    + "profile-likelihood CIs" + (r.family() == Family.NEGBIN ? " (theta held at its estimate)" : "");
            case ROBUST -> (t ? "t tests" : "Wald z tests") + " and 95% CIs from robust (sandwich, "
                    + r.inference().robustType().label().toUpperCase(java.util.Locale.ROOT) + ") standard errors";
            case RERANDOMISATION -> "Wald z tests and 95% Wald CIs; the treatment's re-randomisation test below";
        };
    }

    static String num(double x) {
        return String.format("%.6g", x);
    }

    static String p(double p) {
        return p < 2e-16 ? "< 2e-16" : String.format("%.4g", p);
    }
}
