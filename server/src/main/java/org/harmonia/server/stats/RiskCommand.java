package org.harmonia.server.stats;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.harmonia.stats.tests.ContingencyTable;
import org.harmonia.stats.tests.RiskEstimate;
import org.harmonia.stats.tests.RiskMeasures;
import org.harmonia.stats.tests.RiskResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code harmonia stats risk}: risk ratio, risk difference and odds ratio of two groups with Wald intervals. */
@Command(name = "risk",
        mixinStandardHelpOptions = true,
        description = {"Risk ratio, risk difference and odds ratio of group 1 against group 2, with Wald intervals.",
                "Rows are the groups, the first column counts the events: --table a,b,c,d is a events and b without",
                "in group 1, c and d in group 2. From a CSV, order the levels with --row-levels and --col-levels EVENT,NONE."})
public final class RiskCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TableInputOptions input;

    @Option(names = "--conf-level", paramLabel = "LEVEL", defaultValue = "0.95", description = "Confidence level (default ${DEFAULT-VALUE}).")
    String confLevel;

    @Override
    public Integer call() {
        double level = TestFormats.number(confLevel, "--conf-level");
        ContingencyTable t = input.table();
        RiskResult r = RiskMeasures.compute(t, level);
        PrintWriter out = spec.commandLine().getOut();
        if (input.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            FisherCommand.putTable(m, t);
            m.put("events1", r.events1());
            m.put("total1", r.total1());
            m.put("events2", r.events2());
            m.put("total2", r.total2());
            m.put("risk1", r.risk1());
            m.put("risk2", r.risk2());
            m.put("confLevel", level);
            m.put("riskRatio", json(r.riskRatio()));
            m.put("riskDifference", json(r.riskDifference()));
            m.put("oddsRatio", json(r.oddsRatio()));
            m.put("continuityCorrected", r.continuityCorrected());
            out.println(JsonOutput.write(m));
        } else {
            FisherCommand.printTable(out, t);
            out.println("risk in " + t.rowLevels().get(0) + ": " + r.events1() + "/" + r.total1() + " = "
                    + TestFormats.num(r.risk1()) + ", in " + t.rowLevels().get(1) + ": " + r.events2() + "/"
                    + r.total2() + " = " + TestFormats.num(r.risk2()));
            String pct = TestFormats.percent(level) + " CI";
            line(out, "risk ratio     ", r.riskRatio(), pct);
            line(out, "risk difference", r.riskDifference(), pct);
            line(out, "odds ratio     ", r.oddsRatio(), pct);
            if (r.continuityCorrected()) {
                out.println("a cell is zero: 0.5 was added to every cell for the risk ratio and odds ratio");
            }
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> json(RiskEstimate e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("estimate", e.estimate());
        m.put("variance", e.variance());
        m.put("ciLow", e.confInt().lower());
        m.put("ciHigh", e.confInt().upper());
        return m;
    }

    private static void line(PrintWriter out, String name, RiskEstimate e, String pct) {
        out.println(name + " " + TestFormats.num(e.estimate()) + "  (" + pct + " " + TestFormats.num(e.confInt().lower())
                + " to " + TestFormats.num(e.confInt().upper()) + ")");
    }
}
