package org.harmonia.server.stats;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.harmonia.stats.tests.Alternative;
import org.harmonia.stats.tests.WilcoxonOptions;
import org.harmonia.stats.tests.WilcoxonResult;
import org.harmonia.stats.tests.WilcoxonTest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code harmonia stats wilcoxon}: rank-sum (Mann-Whitney), paired or one-sample signed-rank test, as R's {@code wilcox.test}. */
@Command(name = "wilcoxon",
        mixinStandardHelpOptions = true,
        description = {"Wilcoxon rank-sum test of two groups, signed-rank test of paired measurements or of one sample against mu.",
                "The p-value is exact below 50 observations without ties (or zero differences), else normal."})
public final class WilcoxonCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StatsOptions options;

    @Mixin
    SampleColumns columns;

    @Option(names = "--mu", paramLabel = "NUMBER", defaultValue = "0", description = "Location shift under the null hypothesis (default ${DEFAULT-VALUE}).")
    String mu;

    @Option(names = "--alternative", paramLabel = "two.sided|less|greater", defaultValue = "two.sided",
            description = "Alternative hypothesis (default ${DEFAULT-VALUE}).")
    String alternative;

    @Option(names = "--no-correct", description = "No continuity correction in the normal approximation.")
    boolean noCorrect;

    @Override
    public Integer call() {
        WilcoxonOptions o = new WilcoxonOptions(Alternative.parse(alternative), TestFormats.number(mu, "--mu"), !noCorrect);
        TwoSamples s = columns.read(options.table());
        WilcoxonResult r = s.oneSample() ? WilcoxonTest.signedRank(s.x(), o)
                : columns.paired ? WilcoxonTest.paired(s.x(), s.y(), o)
                : WilcoxonTest.rankSum(s.x(), s.y(), o);
        PrintWriter out = spec.commandLine().getOut();
        if (options.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", r.method());
            m.put("response", columns.response);
            m.put("group", columns.group);
            m.put("levelX", s.levelX());
            m.put("levelY", s.levelY());
            m.put("alternative", r.alternative().rName());
            m.put("mu", r.mu());
            m.put("statisticName", r.statisticName());
            m.put("statistic", r.statistic());
            m.put("p", r.p());
            m.put("exact", r.exact());
            m.put("pMethod", r.pMethod());
            m.put("n", r.n());
            m.put("nY", r.nY());
            m.put("zerosDropped", r.zerosDropped());
            m.put("ties", r.ties());
            out.println(JsonOutput.write(m));
        } else {
            out.println(r.method());
            out.println(s.oneSample() ? "data: " + columns.label()
                    : "data: " + columns.label() + " (" + s.levelX() + " vs " + s.levelY() + ")");
            out.println(r.statisticName() + " = " + TestFormats.num(r.statistic()) + ", p-value = " + TestFormats.p(r.p())
                    + " (" + r.pMethod() + ")");
            String what = s.oneSample() || s.paired() ? "location" : "location shift";
            String relation = switch (r.alternative()) {
                case TWO_SIDED -> "not equal to";
                case LESS -> "less than";
                case GREATER -> "greater than";
            };
            out.println("alternative hypothesis: true " + what + " is " + relation + " " + TestFormats.num(r.mu()));
            if (r.zerosDropped() > 0) {
                out.println(r.zerosDropped() + " zero difference(s) dropped");
            }
            if (r.ties()) {
                out.println("ties present: exact p-value not possible");
            }
        }
        out.flush();
        return 0;
    }
}
