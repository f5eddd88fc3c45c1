package org.harmonia.server.stats;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.harmonia.stats.tests.ChiSquareResult;
import org.harmonia.stats.tests.ChiSquareTest;
import org.harmonia.stats.tests.ContingencyTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code harmonia stats chisq}: Pearson's chi-square test of independence of an r x c table, as R's {@code chisq.test}. */
@Command(name = "chisq",
        mixinStandardHelpOptions = true,
        description = {"Pearson's chi-square test of an r x c table given as counts (--table) or as two columns of a CSV file.",
                "Yates' continuity correction applies to 2 x 2 tables unless --no-correct."})
public final class ChiSquareCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TableInputOptions input;

    @Option(names = "--no-correct", description = "No Yates' continuity correction for a 2 x 2 table.")
    boolean noCorrect;

    @Override
    public Integer call() {
        ContingencyTable t = input.table();
        ChiSquareResult r = ChiSquareTest.test(t, !noCorrect);
        PrintWriter out = spec.commandLine().getOut();
        if (input.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", r.method());
            FisherCommand.putTable(m, t);
            m.put("statistic", r.statistic());
            m.put("df", r.df());
            m.put("p", r.p());
            m.put("continuityCorrection", r.continuityCorrection());
            m.put("expected", r.expected());
            m.put("lowExpected", r.lowExpected());
            out.println(JsonOutput.write(m));
        } else {
            out.println(r.method());
            FisherCommand.printTable(out, t);
            out.println("X-squared = " + TestFormats.num(r.statistic()) + ", df = " + r.df()
                    + ", p-value = " + TestFormats.p(r.p()));
            out.println("expected counts:");
            for (int i = 0; i < t.rows(); i++) {
                List<Double> row = r.expected().get(i);
                out.println("  " + t.rowLevels().get(i) + ": "
                        + String.join("  ", row.stream().map(TestFormats::num).toList()));
            }
            if (r.lowExpected()) {
                out.println("warning: an expected count is below 5; the chi-square approximation may be incorrect"
                        + (t.isTwoByTwo() ? " (consider: harmonia stats fisher)" : ""));
            }
        }
        out.flush();
        return 0;
    }
}
