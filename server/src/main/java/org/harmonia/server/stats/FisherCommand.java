package org.harmonia.server.stats;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.harmonia.stats.tests.Alternative;
import org.harmonia.stats.tests.ContingencyTable;
import org.harmonia.stats.tests.FisherExactTest;
import org.harmonia.stats.tests.FisherResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code harmonia stats fisher}: Fisher's exact test of a 2 x 2 table with the conditional MLE odds ratio, as R's {@code fisher.test}. */
@Command(name = "fisher",
        mixinStandardHelpOptions = true,
        description = "Fisher's exact test of a 2 x 2 table given as counts (--table a,b,c,d) or as two columns of a CSV file.")
public final class FisherCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TableInputOptions input;

    @Option(names = "--alternative", paramLabel = "two.sided|less|greater", defaultValue = "two.sided",
            description = "Alternative hypothesis about the odds ratio (default ${DEFAULT-VALUE}).")
    String alternative;

    @Option(names = "--conf-level", paramLabel = "LEVEL", defaultValue = "0.95", description = "Confidence level (default ${DEFAULT-VALUE}).")
    String confLevel;

    @Override
    public Integer call() {
        Alternative alt = Alternative.parse(alternative);
        double level = TestFormats.number(confLevel, "--conf-level");
        ContingencyTable t = input.table();
        FisherResult r = FisherExactTest.test(t, alt, level);
        PrintWriter out = spec.commandLine().getOut();
        if (input.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", r.method());
            putTable(m, t);
            m.put("alternative", r.alternative().rName());
            m.put("p", r.p());
            m.put("estimate", r.oddsRatio());
            m.put("confLevel", r.confInt().level());
            m.put("ciLow", r.confInt().lower());
            m.put("ciHigh", r.confInt().upper());
            out.println(JsonOutput.write(m));
        } else {
            out.println(r.method());
            printTable(out, t);
            out.println("p-value = " + TestFormats.p(r.p()) + " (alternative: true odds ratio is "
                    + switch (alt) {
                        case TWO_SIDED -> "not equal to 1";
                        case LESS -> "less than 1";
                        case GREATER -> "greater than 1";
                    } + ")");
            out.println("odds ratio (conditional MLE) = " + TestFormats.num(r.oddsRatio()));
            out.println(TestFormats.percent(r.confInt().level()) + " confidence interval: "
                    + TestFormats.num(r.confInt().lower()) + " " + TestFormats.num(r.confInt().upper()));
        }
        out.flush();
        return 0;
    }

    /** The table itself in JSON: its labels and counts row by row. */
    static void putTable(Map<String, Object> m, ContingencyTable t) {
        m.put("rowLevels", t.rowLevels());
        m.put("colLevels", t.columnLevels());
        m.put("counts", Arrays.stream(t.counts()).map(r -> Arrays.stream(r).boxed().toList()).toList());
    }

    /** The table with its labels, columns right-aligned. */
    static void printTable(PrintWriter out, ContingencyTable t) {
        int w = 1;
        for (String s : t.rowLevels()) {
            w = Math.max(w, s.length());
        }
        int cw = 1;
        for (String s : t.columnLevels()) {
            cw = Math.max(cw, s.length());
        }
        for (long[] row : t.counts()) {
            for (long c : row) {
                cw = Math.max(cw, Long.toString(c).length());
            }
        }
        StringBuilder head = new StringBuilder(" ".repeat(w));
        for (String s : t.columnLevels()) {
            head.append("  ").append(pad(s, cw));
        }
        out.println(head);
        List<String> rows = t.rowLevels();
        for (int i = 0; i < t.rows(); i++) {
            StringBuilder line = new StringBuilder(rows.get(i)).append(" ".repeat(w - rows.get(i).length()));
            for (int j = 0; j < t.columns(); j++) {
                line.append("  ").append(pad(Long.toString(t.count(i, j)), cw));
            }
            out.println(line);
        }
    }

    private static String pad(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}
