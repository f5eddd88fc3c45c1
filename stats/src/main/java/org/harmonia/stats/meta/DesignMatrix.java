package org.harmonia.stats.meta;

import java.util.Arrays;
import java.util.List;
import org.harmonia.stats.InvalidDataException;

/** The model matrix of a meta-regression: one row per study, the first column the intercept. */
public record DesignMatrix(List<String> columns, double[][] values) {

    public DesignMatrix {
        columns = List.copyOf(columns);
        if (values.length == 0) {
            throw new InvalidDataException("a model matrix needs at least one study");
        }
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != columns.size()) {
                throw new InvalidDataException("row " + (i + 1) + " of the model matrix has " + values[i].length
                        + " values for " + columns.size() + " columns");
            }
            for (double v : values[i]) {
                if (!Double.isFinite(v)) {
                    throw new InvalidDataException("row " + (i + 1) + " of the model matrix has a value that is not finite");
                }
            }
            copy[i] = values[i].clone();
        }
        values = copy;
    }

    /** The intercept-only matrix of a plain pooled estimate. */
    public static DesignMatrix interceptOnly(int k) {
        double[][] x = new double[k][];
        for (int i = 0; i < k; i++) {
            x[i] = new double[] {1};
        }
        return new DesignMatrix(List.of("intrcpt"), x);
    }

    /** This matrix with one more column on the right. */
    public DesignMatrix withColumn(String name, double[] column) {
        double[][] x = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            x[i] = Arrays.copyOf(values[i], values[i].length + 1);
            x[i][values[i].length] = column[i];
        }
        List<String> names = new java.util.ArrayList<>(columns);
        names.add(name);
        return new DesignMatrix(names, x);
    }

    public int rows() {
        return values.length;
    }

    public int cols() {
        return columns.size();
    }

    public double get(int row, int col) {
        return values[row][col];
    }

    @Override
    public double[][] values() {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DesignMatrix d && columns.equals(d.columns) && Arrays.deepEquals(values, d.values);
    }

    @Override
    public int hashCode() {
        return 31 * columns.hashCode() + Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return "DesignMatrix" + columns + " with " + values.length + " rows";
    }
}
