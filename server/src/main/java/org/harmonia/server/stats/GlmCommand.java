package org.harmonia.server.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.harmonia.stats.glm.Coefficient;
import org.harmonia.stats.glm.Family;
import org.harmonia.stats.glm.Glm;
import org.harmonia.stats.glm.GlmResult;
import org.harmonia.stats.glm.CoefficientTest;
import org.harmonia.stats.glm.Inference;
import org.harmonia.stats.glm.LikelihoodRatioTest;
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
                            + "profile-likelihood CI as MASS::confint), robust (sandwich SE as sandwich::vcovHC)."})
    String test;

    @Option(names = "--robust-type", paramLabel = "TYPE",
            description = "The sandwich for --test robust: hc0 or hc3 (default hc3, as sandwich::vcovHC).")
    String robustType;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The JSON document of a fit. */
    public record GlmJson(String method, String family, String formula, String test,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String robustType, int n, int dropped,
                          List<Coefficient> coefficients, double logLik, double aic, double deviance,
                          double nullDeviance, int dfResidual, Double theta, Double thetaSe, int iterations,
                          @JsonInclude(JsonInclude.Include.NON_NULL) LikelihoodRatioTest lrt) {
    }

    @Override
    public Integer call() {
        Family f = Family.parse(family);
        Inference inference = Inference.parse(test, robustType);
        GlmResult r = Glm.fit(options.table(), formula, f, references, lrt, inference);
        var out = spec.commandLine().getOut();
        if (options.json()) {
            String type = inference.robustType() == null ? null : inference.robustType().label();
            out.println(JsonOutput.write(new GlmJson("glm", f.label(), formula, inference.test().label(), type, r.n(), r.dropped(), r.coefficients(),
                    r.logLik(), r.aic(), r.deviance(), r.nullDeviance(), r.dfResidual(), r.theta(), r.thetaSe(),
                    r.iterations(), r.lrt())));
        } else {
            out.print(summary(r));
        }
        out.flush();
        return 0;
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
        };
    }

    static String num(double x) {
        return String.format("%.6g", x);
    }

    static String p(double p) {
        return p < 2e-16 ? "< 2e-16" : String.format("%.4g", p);
    }
}
