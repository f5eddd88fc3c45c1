package org.harmonia.server.stats;

import java.io.PrintWriter;
import java.util.Locale;
import org.harmonia.server.cli.UsageException;
import org.harmonia.stats.survival.CoxCoefficient;
import org.harmonia.stats.survival.CoxFit;
import org.harmonia.stats.survival.KaplanMeierCurve;
import org.harmonia.stats.survival.KaplanMeierFit;
import org.harmonia.stats.survival.KaplanMeierStep;
import org.harmonia.stats.survival.LogRankGroup;
import org.harmonia.stats.survival.LogRankResult;
import org.harmonia.stats.survival.SurvivalQuantile;

/** Option checks and readable tables shared by the survival sub-commands ({@code km}, {@code logrank}, {@code cox}, {@code landmark}). */
final class SurvivalText {
    private SurvivalText() {
    }

    /** Options are checked here rather than by picocli so that a mistake costs one line on stderr, not the usage text. */
    static String require(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new UsageException("missing option " + option);
        }
        return value;
    }

    static double number(String option, String value) {
        try {
            double d = Double.parseDouble(require(option, value));
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("option " + option + ": \"" + value + "\" is not a number");
        }
    }

    static String num(Double x) {
        return x == null ? "NA" : String.format(Locale.ROOT, "%.4g", x);
    }

    static void print(PrintWriter out, KaplanMeierFit fit) {
        out.printf(Locale.ROOT, "Kaplan-Meier estimate, %s %s confidence intervals%n", percent(fit.confLevel()),
                fit.confType());
        if (fit.droppedMissing() > 0) {
            out.printf("(%d rows dropped for missing values)%n", fit.droppedMissing());
        }
        for (KaplanMeierCurve c : fit.curves()) {
            out.println();
            SurvivalQuantile m = c.median();
            out.printf("%sn = %d, events = %d, median = %s (%s, %s)%n",
                    c.group().isEmpty() ? "" : "group " + c.group() + ": ", c.n(), c.events(), num(m.time()),
                    num(m.ciLow()), num(m.ciHigh()));
            out.printf("%10s %7s %7s %8s %10s %10s %10s %10s%n", "time", "n.risk", "n.event", "n.censor", "survival",
                    "std.err", "lower", "upper");
            for (KaplanMeierStep s : c.steps()) {
                out.printf("%10s %7d %7d %8d %10s %10s %10s %10s%n", num(s.time()), s.nRisk(), s.nEvent(), s.nCensor(),
                        num(s.survival()), num(s.se()), num(s.ciLow()), num(s.ciHigh()));
            }
        }
    }

    static void print(PrintWriter out, LogRankResult r) {
        out.println("Log-rank test");
        if (r.droppedMissing() > 0) {
            out.printf("(%d rows dropped for missing values)%n", r.droppedMissing());
        }
        out.printf("%-16s %6s %10s %10s %12s %12s%n", "group", "N", "Observed", "Expected", "(O-E)^2/E", "(O-E)^2/V");
        for (LogRankGroup g : r.groups()) {
            out.printf("%-16s %6d %10s %10s %12s %12s%n", g.group(), g.n(), num(g.observed()), num(g.expected()),
                    num(g.oMinusESquaredOverE()), num(g.oMinusESquaredOverV()));
        }
        out.printf("Chisq = %s on %d degrees of freedom, p = %s%n", num(r.statistic()), r.df(), num(r.p()));
    }

    static void print(PrintWriter out, CoxFit fit) {
        out.printf("Cox proportional hazards model (%s ties)%n", fit.ties());
        out.printf("n = %d, events = %d%s%n", fit.n(), fit.events(),
                fit.droppedMissing() > 0 ? " (" + fit.droppedMissing() + " rows dropped for missing values)" : "");
        out.printf("%-22s %10s %10s %10s %8s %10s %10s %10s%n", "term", "coef", "exp(coef)", "se(coef)", "z", "p",
                "lower .95", "upper .95");
        for (CoxCoefficient c : fit.coefficients()) {
            out.printf("%-22s %10s %10s %10s %8s %10s %10s %10s%n", c.term(), num(c.estimate()), num(c.expEstimate()),
                    num(c.se()), num(c.statistic()), num(c.p()), num(c.expCiLow()), num(c.expCiHigh()));
        }
        out.printf("log-likelihood: null %s, model %s (%d iterations)%n", num(fit.logLikNull()), num(fit.logLik()),
                fit.iterations());
        out.printf("Likelihood ratio test = %s on %d df, p = %s%n", num(fit.likelihoodRatio().statistic()),
                fit.likelihoodRatio().df(), num(fit.likelihoodRatio().p()));
        out.printf("Wald test             = %s on %d df, p = %s%n", num(fit.wald().statistic()), fit.wald().df(),
                num(fit.wald().p()));
        out.printf("Score (log-rank) test = %s on %d df, p = %s%n", num(fit.score().statistic()), fit.score().df(),
                num(fit.score().p()));
    }

    private static String percent(double level) {
        return String.format(Locale.ROOT, "%.4g%%", level * 100);
    }
}
