package org.harmonia.stats.crossover;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.data.DataTable;
import org.harmonia.stats.glm.Family;
import org.harmonia.stats.glm.Formula;
import org.harmonia.stats.glm.Glm;
import org.harmonia.stats.glm.GlmResult;
import org.harmonia.stats.glm.ModelMatrix;
import org.hipparchus.distribution.continuous.TDistribution;

/**
 * Analyses a two-treatment, two-period crossover from long-format data (one row per subject and period).
 *
 * <p>Only subjects observed in both periods are analysed, since a subject's own effect is estimated from
 * its two periods. For counts, subjects with no event in either period are also left out: their subject
 * effect has no finite estimate and their likelihood contribution vanishes, so the other estimates are
 * those R's {@code glm.nb} approaches with them included.
 */
public final class Crossover2x2 {

    private Crossover2x2() {
    }

    private record Row(int line, String subject, int period, String treatment, String sequence, String response) {
    }

    /**
     * Runs the analysis. {@code family} is GAUSSIAN or NEGBIN; {@code control} names the reference treatment
     * (null: the first in sorted order).
     */
    public static CrossoverResult analyse(DataTable table, CrossoverColumns c, Family family, String control) {
        if (family != Family.GAUSSIAN && family != Family.NEGBIN) {
            throw new InvalidDataException("a crossover is analysed as gaussian (continuous endpoint) or negbin (counts), not "
                    + family.label());
        }
        if (table.rows() == 0) {
            throw new InvalidDataException(table.source() + " has no data rows");
        }
        String[] subject = table.cells(c.subject());
        String[] period = table.cells(c.period());
        String[] treatment = table.cells(c.treatment());
        String[] sequence = table.cells(c.sequence());
        String[] response = table.cells(c.response());
        double[] y = table.numeric(c.response());

        Map<String, Row[]> bySubject = new LinkedHashMap<>();
        TreeSet<String> treatments = new TreeSet<>(ModelMatrix.R_TEXT_ORDER);
        TreeSet<String> sequences = new TreeSet<>();
        for (int i = 0; i < table.rows(); i++) {
            if (DataTable.isMissing(subject[i]) || DataTable.isMissing(period[i]) || DataTable.isMissing(treatment[i])
                    || DataTable.isMissing(sequence[i]) || Double.isNaN(y[i])) {
                continue;
            }
            int p = switch (period[i]) {
                case "1", "1.0" -> 1;
                case "2", "2.0" -> 2;
                default -> throw new InvalidDataException("period must be 1 or 2 but row " + (i + 1) + " of "
                        + table.source() + " has \"" + period[i] + "\" in column \"" + c.period() + "\"");
            };
            treatments.add(treatment[i]);
            sequences.add(sequence[i]);
            Row row = new Row(i + 1, subject[i], p, treatment[i], sequence[i], response[i]);
            Row[] periods = bySubject.computeIfAbsent(subject[i], k -> new Row[2]);
            if (periods[p - 1] != null) {
                throw new InvalidDataException("subject " + subject[i] + " has two rows for period " + p + " (rows "
                        + periods[p - 1].line() + " and " + row.line() + ")");
            }
            Row other = periods[2 - p];
            if (other != null && !other.sequence().equals(row.sequence())) {
                throw new InvalidDataException("subject " + subject[i] + " is in sequence " + other.sequence() + " in row "
                        + other.line() + " but " + row.sequence() + " in row " + row.line());
            }
            periods[p - 1] = row;
        }
        if (treatments.size() != 2) {
            throw new InvalidDataException("a 2x2 crossover needs exactly two treatments in column \"" + c.treatment()
                    + "\"; found " + treatments.size() + ": " + String.join(", ", treatments));
        }
        if (sequences.size() != 2) {
            throw new InvalidDataException("a 2x2 crossover needs exactly two sequences in column \"" + c.sequence()
                    + "\"; found " + sequences.size() + ": " + String.join(", ", sequences));
        }
        String controlLevel = control == null ? treatments.first() : control;
        if (!treatments.contains(controlLevel)) {
            throw new InvalidDataException("the control treatment \"" + control + "\" does not occur; treatments are: "
                    + String.join(", ", treatments));
        }
        String activeLevel = treatments.first().equals(controlLevel) ? treatments.last() : treatments.first();

        List<String> excluded = new ArrayList<>();
        Map<String, String> firstTreatment = new TreeMap<>();
        List<Row[]> complete = new ArrayList<>();
        for (var e : bySubject.entrySet()) {
            Row[] r = e.getValue();
            if (r[0] == null || r[1] == null) {
                excluded.add(e.getKey() + " (observed in period " + (r[0] == null ? 2 : 1) + " only)");
                continue;
            }
            if (r[0].treatment().equals(r[1].treatment())) {
                throw new InvalidDataException("subject " + e.getKey() + " receives " + r[0].treatment()
                        + " in both periods (rows " + r[0].line() + " and " + r[1].line() + "); a 2x2 crossover gives each "
                        + "treatment once");
            }
            String seq = r[0].sequence();
            String before = firstTreatment.putIfAbsent(seq, r[0].treatment());
            if (before != null && !before.equals(r[0].treatment())) {
                throw new InvalidDataException("sequence " + seq + " has subjects starting on " + before + " and on "
                        + r[0].treatment() + " (subject " + e.getKey() + ", row " + r[0].line() + ")");
            }
            if (family == Family.NEGBIN && Double.parseDouble(r[0].response()) == 0 && Double.parseDouble(r[1].response()) == 0) {
                excluded.add(e.getKey() + " (no events in either period)");
                continue;
            }
            complete.add(r);
        }
        if (firstTreatment.size() == 2 && firstTreatment.values().stream().distinct().count() == 1) {
            throw new InvalidDataException("both sequences start on " + firstTreatment.values().iterator().next()
                    + "; in a 2x2 crossover the sequences give the treatments in opposite orders");
        }
        Map<String, List<Row[]>> bySequence = new TreeMap<>(ModelMatrix.R_TEXT_ORDER);
        for (Row[] r : complete) {
            bySequence.computeIfAbsent(r[0].sequence(), k -> new ArrayList<>()).add(r);
        }
        if (bySequence.size() < 2 || complete.size() < 3) {
            throw new InvalidDataException("a 2x2 crossover analysis needs subjects observed in both periods in both "
                    + "sequences and at least three in all; there are " + complete.size()
                    + (excluded.isEmpty() ? "" : " (excluded: " + String.join(", ", excluded) + ")"));
        }

        Map<String, List<String>> cols = new LinkedHashMap<>();
        for (String name : List.of(c.subject(), c.period(), c.treatment(), c.response())) {
            cols.put(name, new ArrayList<>());
        }
        for (Row[] r : complete) {
            for (Row row : r) {
                cols.get(c.subject()).add(row.subject());
                cols.get(c.period()).add(Integer.toString(row.period()));
                cols.get(c.treatment()).add(row.treatment());
                cols.get(c.response()).add(row.response());
            }
        }
        DataTable model = new DataTable(table.source(), cols);
        String formula = quote(c.response()) + " ~ factor(" + quote(c.subject()) + ") + " + quote(c.period()) + " + "
                + quote(c.treatment());
        GlmResult fit = Glm.fit(model, formula, family, Map.of(c.treatment(), controlLevel));
        Formula parsed = Formula.parse(formula);
        String periodLabel = parsed.terms().get(1).label();
        String treatmentLabel = parsed.terms().get(2).label();

        List<SequenceSummary> summaries = new ArrayList<>();
        List<double[]> totals = new ArrayList<>();
        for (var e : bySequence.entrySet()) {
            double[] t = new double[e.getValue().size()];
            double p1 = 0;
            double p2 = 0;
            for (int k = 0; k < t.length; k++) {
                Row[] r = e.getValue().get(k);
                double a = Double.parseDouble(r[0].response());
                double b = Double.parseDouble(r[1].response());
                t[k] = a + b;
                p1 += a;
                p2 += b;
            }
            totals.add(t);
            summaries.add(new SequenceSummary(e.getKey(), t.length, e.getValue().get(0)[0].treatment(), mean(t),
                    p1 / t.length, p2 / t.length));
        }
        List<String> names = new ArrayList<>(bySequence.keySet());
        CarryOverTest carryOver = family == Family.GAUSSIAN ? grizzle(names.get(0), names.get(1), totals.get(0), totals.get(1)) : null;
        return new CrossoverResult(family, activeLevel, controlLevel, complete.size(), fit.n(), excluded,
                fit.coefficient(treatmentLabel + activeLevel), fit.coefficient(periodLabel), carryOver, summaries,
                fit.theta(), fit.thetaSe(), fit.dfResidual());
    }

    private static String quote(String column) {
        return column.matches("[A-Za-z.][A-Za-z0-9._]*") ? column : "`" + column + "`";
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    static CarryOverTest grizzle(String first, String second, double[] a, double[] b) {
        int df = a.length + b.length - 2;
        double ma = mean(a);
        double mb = mean(b);
        double ss = 0;
        for (double v : a) {
            ss += (v - ma) * (v - ma);
        }
        for (double v : b) {
            ss += (v - mb) * (v - mb);
        }
        double pooled = ss / df;
        double se = Math.sqrt(pooled * (1.0 / a.length + 1.0 / b.length));
        double diff = ma - mb;
        double t = diff / se;
        TDistribution dist = new TDistribution(df);
        double p = 2 * dist.cumulativeProbability(-Math.abs(t));
        double q = dist.inverseCumulativeProbability(0.975);
        return new CarryOverTest(first, second, diff, se, t, df, p, diff - q * se, diff + q * se);
    }
}
