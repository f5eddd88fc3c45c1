package org.harmonia.stats.meta;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.data.DataTable;

/**
 * The studies of a meta-analysis read from a table. Rows with a missing value in any column the analysis uses
 * are left out and counted; impossible values (negative counts, more events than patients, vi ≤ 0) are errors
 * naming the row.
 *
 * @param droppedRows the 1-based data rows left out for missing values
 */
public record MetaData(String source, EffectMeasure measure, List<Study> studies, List<Integer> droppedRows) {

    public MetaData {
        studies = List.copyOf(studies);
        droppedRows = List.copyOf(droppedRows);
    }

    /**
     * Reads the studies from {@code table}; {@code covariates} are the moderator and subgroup columns whose raw
     * cells each study keeps.
     */
    public static MetaData read(DataTable table, MetaColumns columns, EffectMeasure measure, List<String> covariates) {
        List<String> required = columns.required(measure);
        String src = table.source();
        Map<String, double[]> numbers = new LinkedHashMap<>();
        for (String c : required) {
            numbers.put(c, table.numeric(c));
        }
        Map<String, String[]> cells = new LinkedHashMap<>();
        for (String c : new LinkedHashSet<>(covariates)) {
            cells.put(c, table.cells(c));
        }
        String[] labels = columns.study() == null ? null : table.cells(columns.study());

        List<Study> studies = new ArrayList<>();
        List<Integer> dropped = new ArrayList<>();
        for (int i = 0; i < table.rows(); i++) {
            int row = i + 1;
            boolean missing = false;
            for (double[] v : numbers.values()) {
                missing |= Double.isNaN(v[i]);
            }
            for (String[] v : cells.values()) {
                missing |= DataTable.isMissing(v[i]);
            }
            if (missing) {
                dropped.add(row);
                continue;
            }
            String label = labels == null || DataTable.isMissing(labels[i]) ? "row " + row : labels[i];
            Map<String, String> cov = new LinkedHashMap<>();
            for (var e : cells.entrySet()) {
                cov.put(e.getKey(), e.getValue()[i]);
            }
            if (measure.fromCounts()) {
                TwoByTwo t = table(src, row, columns, numbers, i);
                studies.add(new Study(row, label, t, Escalc.compute(measure, t), cov));
            } else {
                double yi = numbers.get(columns.yi())[i];
                double vi = numbers.get(columns.vi())[i];
                if (!Double.isFinite(yi)) {
                    throw new InvalidDataException("column \"" + columns.yi() + "\" of " + src + " row " + row
                            + ": yi must be finite, got " + yi);
                }
                if (!(vi > 0) || !Double.isFinite(vi)) {
                    throw new InvalidDataException("column \"" + columns.vi() + "\" of " + src + " row " + row
                            + ": the sampling variance vi must be positive, got " + vi);
                }
                studies.add(new Study(row, label, null, new EffectSize(yi, vi), cov));
            }
        }
        return new MetaData(src, measure, studies, dropped);
    }

    private static TwoByTwo table(String src, int row, MetaColumns c, Map<String, double[]> numbers, int i) {
        double ai = count(src, row, c.ai(), numbers.get(c.ai())[i]);
        double ci = count(src, row, c.ci(), numbers.get(c.ci())[i]);
        double bi;
        double di;
        if (c.usesTotals()) {
            double n1 = count(src, row, c.n1i(), numbers.get(c.n1i())[i]);
            double n2 = count(src, row, c.n2i(), numbers.get(c.n2i())[i]);
            if (ai > n1) {
                throw new InvalidDataException(src + " row " + row + ": " + fmt(ai) + " events (column \"" + c.ai()
                        + "\") exceed the group size " + fmt(n1) + " (column \"" + c.n1i() + "\")");
            }
            if (ci > n2) {
                throw new InvalidDataException(src + " row " + row + ": " + fmt(ci) + " events (column \"" + c.ci()
                        + "\") exceed the group size " + fmt(n2) + " (column \"" + c.n2i() + "\")");
            }
            bi = n1 - ai;
            di = n2 - ci;
        } else {
            bi = count(src, row, c.bi(), numbers.get(c.bi())[i]);
            di = count(src, row, c.di(), numbers.get(c.di())[i]);
        }
        return new TwoByTwo(ai, bi, ci, di);
    }

    private static double count(String src, int row, String column, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new InvalidDataException("column \"" + column + "\" of " + src + " row " + row
                    + ": counts must not be negative, got " + fmt(value));
        }
        return value;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
