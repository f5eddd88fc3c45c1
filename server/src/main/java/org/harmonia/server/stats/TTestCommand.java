package org.harmonia.server.stats;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.harmonia.server.cli.UsageException;
import org.harmonia.stats.tests.Alternative;
import org.harmonia.stats.tests.TTest;
import org.harmonia.stats.tests.TTestOptions;
import org.harmonia.stats.tests.TTestResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code harmonia stats ttest}: Welch, Student (equal variances), paired or one-sample t test, as R's {@code t.test}. */
@Command(name = "ttest",
        mixinStandardHelpOptions = true,
        description = {"Compare the means of two groups (Welch by default), of paired measurements, or of one sample with mu.",
                "The first group (x) is the first of --levels, else the first value in sorted order."})
public final class TTestCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StatsOptions options;

    @Mixin
    SampleColumns columns;

    @Option(names = "--var-equal", description = "Student's test with a pooled variance instead of Welch's.")
    boolean varEqual;

    @Option(names = "--mu", paramLabel = "NUMBER", defaultValue = "0", description = "Mean (difference) under the null hypothesis (default ${DEFAULT-VALUE}).")
    String mu;

    @Option(names = "--alternative", paramLabel = "two.sided|less|greater", defaultValue = "two.sided",
            description = "Alternative hypothesis (default ${DEFAULT-VALUE}).")
    String alternative;

    @Option(names = "--conf-level", paramLabel = "LEVEL", defaultValue = "0.95", description = "Confidence level (default ${DEFAULT-VALUE}).")
    String confLevel;

    @Override
    public Integer call() {
        TTestOptions o = new TTestOptions(Alternative.parse(alternative), TestFormats.number(mu, "--mu"),
                TestFormats.number(confLevel, "--conf-level"));
        if (varEqual && columns.paired) {
            throw new UsageException("--var-equal is for two independent samples, not with --paired");
        }
        TwoSamples s = columns.read(options.table());
        if (varEqual && s.oneSample()) {
            throw new UsageException("--var-equal needs two groups (--group COLUMN)");
        }
        TTestResult r = s.oneSample() ? TTest.oneSample(s.x(), o)
                : columns.paired ? TTest.paired(s.x(), s.y(), o)
                : varEqual ? TTest.student(s.x(), s.y(), o)
                : TTest.welch(s.x(), s.y(), o);
        PrintWriter out = spec.commandLine().getOut();
        if (options.json()) {
            out.println(JsonOutput.write(json(r, s)));
        } else {
            print(out, r, s);
        }
        out.flush();
        return 0;
    }

    private Map<String, Object> json(TTestResult r, TwoSamples s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", r.method());
        m.put("response", columns.response);
        m.put("group", columns.group);
        m.put("levelX", s.levelX());
        m.put("levelY", s.levelY());
        m.put("alternative", r.alternative().rName());
        m.put("mu", r.mu());
        m.put("statistic", r.statistic());
        m.put("df", r.df());
        m.put("p", r.p());
        m.put("estimate", r.estimate());
        m.put("meanX", r.meanX());
        m.put("meanY", s.oneSample() ? null : r.meanY());
        m.put("se", r.se());
        m.put("confLevel", r.confInt().level());
        m.put("ciLow", r.confInt().lower());
        m.put("ciHigh", r.confInt().upper());
        m.put("nX", r.nX());
        m.put("nY", r.nY());
        return m;
    }

    private void print(PrintWriter out, TTestResult r, TwoSamples s) {
        out.println(r.method());
        if (s.oneSample()) {
            out.println("data: " + columns.label() + " (n = " + r.nX() + ")");
        } else if (s.paired()) {
            out.println("data: " + columns.label() + " (" + r.nX() + " pairs of " + s.levelX() + " and "
                    + s.levelY() + ")");
        } else {
            out.println("data: " + columns.label() + " (" + s.levelX() + ": n = " + r.nX() + ", "
                    + s.levelY() + ": n = " + r.nY() + ")");
        }
        out.println("t = " + TestFormats.num(r.statistic()) + ", df = " + TestFormats.num(r.df())
                + ", p-value = " + TestFormats.p(r.p()));
        String what = s.oneSample() ? "mean" : s.paired() ? "mean difference" : "difference in means";
        String relation = switch (r.alternative()) {
            case TWO_SIDED -> "not equal to";
            case LESS -> "less than";
            case GREATER -> "greater than";
        };
        out.println("alternative hypothesis: true " + what + " is " + relation + " " + TestFormats.num(r.mu()));
        out.println(TestFormats.percent(r.confInt().level()) + " confidence interval: "
                + TestFormats.num(r.confInt().lower()) + " " + TestFormats.num(r.confInt().upper()));
        if (s.oneSample()) {
            out.println("mean of x: " + TestFormats.num(r.meanX()));
        } else if (s.paired()) {
            out.println("mean difference: " + TestFormats.num(r.estimate()) + " (" + s.levelX() + " minus " + s.levelY() + ")");
        } else {
            out.println("mean in group " + s.levelX() + ": " + TestFormats.num(r.meanX()) + ", mean in group "
                    + s.levelY() + ": " + TestFormats.num(r.meanY()));
        }
    }
}
