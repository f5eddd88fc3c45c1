package org.harmonia.server.stats;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.harmonia.server.cli.UsageException;
import org.harmonia.stats.data.DataTable;
import org.harmonia.stats.meta.Coefficient;
import org.harmonia.stats.meta.EffectMeasure;
import org.harmonia.stats.meta.EggerTest;
import org.harmonia.stats.meta.Heterogeneity;
import org.harmonia.stats.meta.MetaAnalysis;
import org.harmonia.stats.meta.MetaAnalysisResult;
import org.harmonia.stats.meta.MetaColumns;
import org.harmonia.stats.meta.MetaData;
import org.harmonia.stats.meta.MetaMethod;
import org.harmonia.stats.meta.MetaSpec;
import org.harmonia.stats.meta.MetaTest;
import org.harmonia.stats.meta.OmnibusTest;
import org.harmonia.stats.meta.PooledEstimate;
import org.harmonia.stats.meta.RmaFit;
import org.harmonia.stats.meta.StudyEffect;
import org.harmonia.stats.meta.Subgroup;
import org.harmonia.stats.meta.SubgroupAnalysis;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code harmonia stats meta}: a meta-analysis of the studies in a CSV file, in metafor's vocabulary. */
@Command(name = "meta",
        mixinStandardHelpOptions = true,
        description = "Meta-analysis of two-arm studies: effect sizes (escalc), common-effect, Mantel-Haenszel, "
                + "DerSimonian-Laird or REML pooling, Hartung-Knapp tests, heterogeneity, prediction interval, "
                + "meta-regression, subgroups and Egger's test. Argument names as in R's metafor.")
public final class MetaCommand implements Callable<Integer> {

    @Mixin
    StatsOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--measure", paramLabel = "RR|OR|RD|GEN",
            description = {"Outcome measure: log risk ratio, log odds ratio, risk difference, or GEN for given yi/vi.",
                    "Needed with counts; with --yi/--vi it is GEN and may be left out, as rma(yi, vi)."})
    String measure;

    @Option(names = "--ai", paramLabel = "COL", description = "Events in the treated group.")
    String ai;

    @Option(names = "--bi", paramLabel = "COL", description = "Non-events in the treated group.")
    String bi;

    @Option(names = "--ci", paramLabel = "COL", description = "Events in the control group.")
    String ci;

    @Option(names = "--di", paramLabel = "COL", description = "Non-events in the control group.")
    String di;

    @Option(names = "--n1i", paramLabel = "COL", description = "Size of the treated group (instead of --bi).")
    String n1i;

    @Option(names = "--n2i", paramLabel = "COL", description = "Size of the control group (instead of --di).")
    String n2i;

    @Option(names = "--yi", paramLabel = "COL", description = "Given effect sizes (with --measure GEN).")
    String yi;

    @Option(names = "--vi", paramLabel = "COL", description = "Their sampling variances (with --measure GEN).")
    String vi;

    @Option(names = "--method", defaultValue = "REML", paramLabel = "FE|DL|REML|MH",
            description = "Pooling method (default: ${DEFAULT-VALUE}); EE is accepted for FE.")
    String method;

    @Option(names = "--test", defaultValue = "z", paramLabel = "z|knha",
            description = "z tests, or the Hartung-Knapp adjustment with t tests (DL, REML) (default: ${DEFAULT-VALUE}).")
    String test;

    @Option(names = "--mods", split = ",", paramLabel = "COL", description = "Moderators of a meta-regression (numeric or categorical).")
    List<String> mods = new ArrayList<>();

    @Option(names = "--subgroup", paramLabel = "COL", description = "Pool separately within each level of this column.")
    String subgroup;

    @Option(names = "--egger", description = "Egger's regression test for funnel-plot asymmetry.")
    boolean egger;

    @Option(names = "--study", paramLabel = "COL", description = "Column with the study labels.")
    String study;

    /** The measure asked for; given effect sizes need none (metafor's rma(yi, vi) takes them as GEN). */
    private EffectMeasure measureOrGiven() {
        if (measure != null) {
            return EffectMeasure.parse(measure);
        }
        if (yi != null || vi != null) {
            return EffectMeasure.GEN;
        }
        throw new UsageException("give --measure RR, OR or RD for counts, or the effect sizes with --yi and --vi");
    }

    @Override
    public Integer call() {
        EffectMeasure m = measureOrGiven();
        MetaSpec metaSpec = new MetaSpec(m, MetaMethod.parse(method), MetaTest.parse(test), mods, subgroup, egger);
        MetaColumns columns = new MetaColumns(ai, bi, ci, di, n1i, n2i, yi, vi, study);
        columns.required(m);
        DataTable table = options.table();
        List<String> covariates = new ArrayList<>(mods);
        if (subgroup != null) {
            covariates.add(subgroup);
        }
        MetaAnalysisResult result = MetaAnalysis.run(MetaData.read(table, columns, m, covariates), metaSpec);
        PrintWriter out = spec.commandLine().getOut();
        if (options.json()) {
            out.println(JsonOutput.write(result));
        } else {
            print(out, result);
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, MetaAnalysisResult r) {
        boolean exp = r.measure().logScale();
        String scale = exp ? "log " + r.measure() : r.measure().toString();
        out.printf(Locale.ROOT, "Meta-analysis of %s: measure %s, method %s, test %s; k = %d studies", r.source(),
                r.measure(), r.method(), r.test().name().toLowerCase(Locale.ROOT), r.k());
        out.println(r.rowsDropped() == 0 ? "" : " (" + r.rowsDropped() + " rows left out for missing values: "
                + r.droppedRows() + ")");
        out.println();
        int width = Math.max(5, r.studies().stream().mapToInt(s -> s.study().length()).max().orElse(5));
        out.printf(Locale.ROOT, "%-" + width + "s  %10s  %10s  %-22s%s  %8s%n", "study", "yi", "vi", "95% CI",
                exp ? String.format(Locale.ROOT, "  %10s  %-22s", r.measure(), "95% CI") : "", "weight %");
        for (StudyEffect s : r.studies()) {
            if (s.yi() == null) {
                out.printf(Locale.ROOT, "%-" + width + "s  %s  %8.2f%n", s.study(),
                        "no events in either group: left out of the Q test", s.weight());
                continue;
            }
            out.printf(Locale.ROOT, "%-" + width + "s  %10.4f  %10.4f  %-22s%s  %8.2f%n", s.study(), s.yi(), s.vi(),
                    interval(s.ciLow(), s.ciHigh()),
                    exp ? String.format(Locale.ROOT, "  %10.4f  %-22s", s.expYi(), interval(s.expCiLow(), s.expCiHigh())) : "",
                    s.weight());
        }
        out.println();
        printPooled(out, "Pooled estimate (" + scale + ")", r.pooled(), r.measure());
        printHeterogeneity(out, r.heterogeneity(), r.method(), "Heterogeneity");
        if (r.iterations() != null) {
            out.printf(Locale.ROOT, "  REML converged in %d Fisher scoring iterations%n", r.iterations());
        }
        if (r.cmh() != null) {
            out.printf(Locale.ROOT, "Cochran-Mantel-Haenszel test: chi2 = %.4f (df 1), p = %s%n", r.cmh().statistic(),
                    p(r.cmh().p()));
        }
        if (r.metaRegression() != null) {
            printRegression(out, r.metaRegression());
        }
        if (r.subgroups() != null) {
            printSubgroups(out, r.subgroups(), r.measure(), r.method());
        }
        if (r.egger() != null) {
            EggerTest e = r.egger();
            out.println();
            out.printf(Locale.ROOT, "Egger's test for funnel-plot asymmetry: %s, p = %s%n",
                    statistic(e.statistic(), e.df()), p(e.p()));
            out.printf(Locale.ROOT, "  limit estimate (as SE -> 0): %.4f, 95%% CI %s%n", e.limitEstimate(),
                    interval(e.limitCiLow(), e.limitCiHigh()));
        }
    }

    private static void printPooled(PrintWriter out, String title, PooledEstimate p, EffectMeasure measure) {
        out.printf(Locale.ROOT, "%s: %.4f, SE %.4f, %s, p = %s, 95%% CI %s%n", title, p.estimate(), p.se(),
                statistic(p.statistic(), p.df()), p(p.p()), interval(p.ciLow(), p.ciHigh()));
        if (p.piLow() != null) {
            out.printf(Locale.ROOT, "  95%% prediction interval %s%n", interval(p.piLow(), p.piHigh()));
        }
        if (measure.logScale()) {
            out.printf(Locale.ROOT, "  %s %.4f, 95%% CI %s%s%n", measure, p.expEstimate(),
                    interval(p.expCiLow(), p.expCiHigh()),
                    p.expPiLow() == null ? "" : ", 95% prediction interval " + interval(p.expPiLow(), p.expPiHigh()));
        }
    }

    private static void printHeterogeneity(PrintWriter out, Heterogeneity h, MetaMethod method, String title) {
        out.printf(Locale.ROOT, "%s: Q = %.4f (df %d), p = %s; I2 = %.2f%%, H2 = %.4f", title, h.q(), h.df(),
                p(h.p()), h.i2(), h.h2());
        if (method.randomEffects()) {
            out.printf(Locale.ROOT, "; tau2 = %.4f%s, tau = %.4f", h.tau2(),
                    h.tau2Se() == null ? "" : String.format(Locale.ROOT, " (SE %.4f)", h.tau2Se()), h.tau());
        }
        out.println();
    }

    private static void printRegression(PrintWriter out, RmaFit fit) {
        out.println();
        out.printf(Locale.ROOT, "Meta-regression (%s, k = %d):%n", fit.method(), fit.k());
        int width = Math.max(11, fit.coefficients().stream().mapToInt(c -> c.term().length()).max().orElse(11));
        String stat = fit.df() == null ? "z" : "t";
        out.printf(Locale.ROOT, "  %-" + width + "s  %10s  %10s  %8s  %10s  %s%n", "coefficient", "estimate", "SE", stat,
                "p", "95% CI");
        for (Coefficient c : fit.coefficients()) {
            out.printf(Locale.ROOT, "  %-" + width + "s  %10.4f  %10.4f  %8.4f  %10s  %s%n", c.term(), c.estimate(),
                    c.se(), c.statistic(), p(c.p()), interval(c.ciLow(), c.ciHigh()));
        }
        out.printf(Locale.ROOT, "Test of moderators: %s%n", omnibus(fit.moderators()));
        printHeterogeneity(out, fit.heterogeneity(), fit.method(), "Residual heterogeneity");
        if (fit.r2() != null) {
            out.printf(Locale.ROOT, "R2 (heterogeneity accounted for) = %.2f%%%n", fit.r2());
        }
    }

    private static void printSubgroups(PrintWriter out, SubgroupAnalysis s, EffectMeasure measure, MetaMethod method) {
        out.println();
        out.printf(Locale.ROOT, "Subgroups by %s:%n", s.column());
        for (Subgroup g : s.groups()) {
            PooledEstimate p = g.pooled();
            out.printf(Locale.ROOT, "  %s (k = %d): %.4f, 95%% CI %s%s; I2 = %.2f%%%s%n", g.level(), g.k(),
                    p.estimate(), interval(p.ciLow(), p.ciHigh()),
                    measure.logScale() ? String.format(Locale.ROOT, "; %s %.4f, 95%% CI %s", measure, p.expEstimate(),
                            interval(p.expCiLow(), p.expCiHigh())) : "",
                    g.heterogeneity().i2(),
                    method.randomEffects() ? String.format(Locale.ROOT, ", tau2 = %.4f", g.heterogeneity().tau2()) : "");
        }
        out.printf(Locale.ROOT, "Test between subgroups (separate tau2): %s%n", omnibus(s.between()));
        if (s.moderatorTest() != null) {
            out.printf(Locale.ROOT, "Test of the subgroup moderator (common tau2, as metafor QM): %s%n",
                    omnibus(s.moderatorTest()));
        }
    }

    private static String omnibus(OmnibusTest t) {
        return t.df2() == null
                ? String.format(Locale.ROOT, "chi2 = %.4f (df %d), p = %s", t.statistic(), t.df1(), p(t.p()))
                : String.format(Locale.ROOT, "F = %.4f (df %d, %d), p = %s", t.statistic(), t.df1(), t.df2(), p(t.p()));
    }

    private static String statistic(double value, Integer df) {
        return df == null ? String.format(Locale.ROOT, "z = %.4f", value)
                : String.format(Locale.ROOT, "t = %.4f (df %d)", value, df);
    }

    private static String interval(double lower, double upper) {
        return String.format(Locale.ROOT, "[%.4f, %.4f]", lower, upper);
    }

    private static String p(double p) {
        return p < 1e-4 ? String.format(Locale.ROOT, "%.3g", p) : String.format(Locale.ROOT, "%.4f", p);
    }
}
