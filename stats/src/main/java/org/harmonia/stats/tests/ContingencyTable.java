package org.harmonia.stats.tests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.harmonia.stats.InvalidDataException;

/**
 * An r x c table of counts with the labels of its rows and columns, the input of the chi-square and (2 x 2)
 * Fisher and risk computations. Counts are non-negative whole numbers; the table has at least 2 rows and 2
 * columns.
 */
public record ContingencyTable(List<String> rowLevels, List<String> columnLevels, long[][] counts) {

    public ContingencyTable {
        Objects.requireNonNull(rowLevels, "rowLevels");
        Objects.requireNonNull(columnLevels, "columnLevels");
        if (counts.length < 2) {
            throw new InvalidDataException("a contingency table needs at least 2 rows, this one has " + counts.length);
        }
        int cols = counts[0].length;
        if (cols < 2) {
            throw new InvalidDataException("a contingency table needs at least 2 columns, this one has " + cols);
        }
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != cols) {
                throw new InvalidDataException("row " + (i + 1) + " of the table has " + counts[i].length
                        + " counts, row 1 has " + cols);
            }
            for (int j = 0; j < cols; j++) {
                if (counts[i][j] < 0) {
                    throw new InvalidDataException("count in row " + (i + 1) + ", column " + (j + 1)
                            + " is negative (" + counts[i][j] + ")");
                }
            }
            copy[i] = counts[i].clone();
        }
        counts = copy;
        if (rowLevels.size() != counts.length || columnLevels.size() != cols) {
            throw new IllegalArgumentException("labels " + rowLevels + " x " + columnLevels + " do not fit a "
                    + counts.length + " x " + cols + " table");
        }
        rowLevels = List.copyOf(rowLevels);
        columnLevels = List.copyOf(columnLevels);
    }

    /** A table with rows and columns labelled 1, 2, ... */
    public static ContingencyTable of(long[][] counts) {
        return new ContingencyTable(numbers(counts.length), numbers(counts.length == 0 ? 0 : counts[0].length), counts);
    }

    /** A table from counts given as numbers (as typed or read from a file); fractions and negatives are refused. */
    public static ContingencyTable ofCounts(double[][] counts) {
        long[][] c = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            c[i] = new long[counts[i].length];
            for (int j = 0; j < counts[i].length; j++) {
                double v = counts[i][j];
                String where = "count in row " + (i + 1) + ", column " + (j + 1);
                if (!Double.isFinite(v)) {
                    throw new InvalidDataException(where + " is not a finite number (" + v + ")");
                }
                if (v < 0) {
                    throw new InvalidDataException(where + " is negative (" + v + ")");
                }
                if (v != Math.rint(v) || v > 1e15) {
                    throw new InvalidDataException(where + " is not a whole number (" + v + ")");
                }
                c[i][j] = (long) v;
            }
        }
        return of(c);
    }

    /** Cross-tabulates two columns of labels; {@code rowLevels}/{@code columnLevels} fix the order, values outside them are left out. */
    public static ContingencyTable crossTabulate(String[] rowValues, String[] columnValues,
                                                 List<String> rowLevels, List<String> columnLevels) {
        if (rowValues.length != columnValues.length) {
            throw new IllegalArgumentException("columns of different length");
        }
        long[][] c = new long[rowLevels.size()][columnLevels.size()];
        for (int i = 0; i < rowValues.length; i++) {
            int r = rowLevels.indexOf(rowValues[i]);
            int k = columnLevels.indexOf(columnValues[i]);
            if (r >= 0 && k >= 0) {
                c[r][k]++;
            }
        }
        return new ContingencyTable(rowLevels, columnLevels, c);
    }

    @Override
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public long count(int row, int column) {
        return counts[row][column];
    }

    public int rows() {
        return counts.length;
    }

    public int columns() {
        return counts[0].length;
    }

    /** Refuses a table with an empty row or column, for which {@code method} is undefined. */
    public void requireNonZeroMargins(String method) {
        for (int i = 0; i < rows(); i++) {
            if (rowTotal(i) == 0) {
                throw new InvalidDataException("row " + rowLevels.get(i) + " of the table has no counts; "
                        + method + " is undefined with an empty row");
            }
        }
        for (int j = 0; j < columns(); j++) {
            if (columnTotal(j) == 0) {
                throw new InvalidDataException("column " + columnLevels.get(j) + " of the table has no counts; "
                        + method + " is undefined with an empty column");
            }
        }
    }

    public boolean isTwoByTwo() {
        return rows() == 2 && columns() == 2;
    }

    public long rowTotal(int row) {
        return Arrays.stream(counts[row]).sum();
    }

    public long columnTotal(int column) {
        long s = 0;
        for (long[] row : counts) {
            s += row[column];
        }
        return s;
    }

    public long total() {
        long s = 0;
        for (long[] row : counts) {
            s += Arrays.stream(row).sum();
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContingencyTable t && rowLevels.equals(t.rowLevels)
                && columnLevels.equals(t.columnLevels) && Arrays.deepEquals(counts, t.counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rowLevels, columnLevels, Arrays.deepHashCode(counts));
    }

    @Override
    public String toString() {
        return "ContingencyTable" + rowLevels + "x" + columnLevels + Arrays.deepToString(counts);
    }

    private static List<String> numbers(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }
}
