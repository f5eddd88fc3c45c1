package org.harmonia.server.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.server.cli.UsageException;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.data.DataTable;

/**
 * The samples a two-group test compares, read from a CSV: the response of the first and second level of the
 * group column, or for a paired design the two responses of each subject, x and y aligned. Without a group
 * column x is the whole response column (a one-sample test).
 */
record TwoSamples(double[] x, double[] y, String levelX, String levelY, boolean paired) {

    boolean oneSample() {
        return y == null;
    }

    /** Reads the samples; {@code levels} optionally names the two groups in order ("A,B"). */
    static TwoSamples read(DataTable table, String response, String group, String levels, boolean paired, String subject) {
        if (response == null) {
            throw new UsageException("give the response column with --response COLUMN");
        }
        double[] values = table.numeric(response);
        if (group == null) {
            if (paired || subject != null || levels != null) {
                throw new UsageException("--paired, --subject and --levels need a group column (--group COLUMN)");
            }
            return new TwoSamples(values, null, null, null, false);
        }
        if (subject != null && !paired) {
            throw new UsageException("--subject pairs the observations of a paired test; add --paired");
        }
        List<String> chosen = Levels.choose(table, group, levels, "--levels");
        if (chosen.size() != 2) {
            throw new InvalidDataException("column \"" + group + "\" of " + table.source() + " has " + chosen.size()
                    + " groups (" + String.join(", ", chosen) + "); a two-sample test needs exactly 2"
                    + (chosen.size() > 2 ? ", choose them with --levels A,B" : ""));
        }
        String[] groups = table.cells(group);
        String a = chosen.get(0);
        String b = chosen.get(1);
        if (paired && subject != null) {
            return bySubject(table, values, groups, a, b, group, subject);
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (groups[i].equals(a)) {
                xs.add(values[i]);
            } else if (groups[i].equals(b)) {
                ys.add(values[i]);
            }
        }
        if (paired && xs.size() != ys.size()) {
            throw new InvalidDataException("--paired without --subject pairs the rows of each group in file order, but "
                    + group + " = " + a + " has " + xs.size() + " rows and " + group + " = " + b + " has " + ys.size());
        }
        return new TwoSamples(toArray(xs), toArray(ys), a, b, paired);
    }

    /**
     * The wide form, as R's {@code t.test(x, y, paired = TRUE)}: two columns of one table, row i of x paired with row
     * i of y when paired (rows missing either value are dropped by the test, as R drops incomplete pairs).
     */
    static TwoSamples wide(DataTable table, String x, String y, boolean paired) {
        double[] xs = table.numeric(x);
        if (y == null) {
            if (paired) {
                throw new UsageException("--paired needs two columns: --x BEFORE --y AFTER");
            }
            return new TwoSamples(xs, null, null, null, false);
        }
        if (x.equals(y)) {
            throw new UsageException("--x and --y name the same column \"" + x + "\"");
        }
        double[] ys = table.numeric(y);
        return paired ? new TwoSamples(xs, ys, x, y, true) : new TwoSamples(dropMissing(xs), dropMissing(ys), x, y, false);
    }

    private static double[] dropMissing(double[] values) {
        return java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    }

    private static TwoSamples bySubject(DataTable table, double[] values, String[] groups, String a, String b,
                                        String group, String subject) {
        String[] ids = table.cells(subject);
        Map<String, Double> xs = new LinkedHashMap<>();
        Map<String, Double> ys = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            Map<String, Double> target = groups[i].equals(a) ? xs : groups[i].equals(b) ? ys : null;
            if (target == null) {
                continue;
            }
            if (DataTable.isMissing(ids[i])) {
                throw new InvalidDataException("row " + (i + 1) + " of " + table.source() + " has no " + subject);
            }
            if (target.put(ids[i], values[i]) != null) {
                throw new InvalidDataException(subject + " " + ids[i] + " has more than one row with " + group + " = "
                        + groups[i] + " in " + table.source());
            }
        }
        List<String> subjects = new ArrayList<>(xs.keySet());
        for (String id : ys.keySet()) {
            if (!xs.containsKey(id)) {
                subjects.add(id);
            }
        }
        double[] x = new double[subjects.size()];
        double[] y = new double[subjects.size()];
        for (int i = 0; i < subjects.size(); i++) {
            String id = subjects.get(i);
            if (!xs.containsKey(id) || !ys.containsKey(id)) {
                throw new InvalidDataException(subject + " " + id + " has no row with " + group + " = "
                        + (xs.containsKey(id) ? b : a) + " in " + table.source() + "; a paired test needs both");
            }
            x[i] = xs.get(id);
            y[i] = ys.get(id);
        }
        return new TwoSamples(x, y, a, b, true);
    }

    private static double[] toArray(List<Double> list) {
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
