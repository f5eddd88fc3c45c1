package org.harmonia.stats.tests;

import java.util.ArrayList;
import java.util.List;

/**
 * Pearson's chi-square test of independence of an r x c table, as R's {@code chisq.test(table, correct)}:
 * Yates' continuity correction is applied only to 2 x 2 tables, and never by more than |O - E|.
 */
public final class ChiSquareTest {
    private static final double LOW_EXPECTED = 5;

    private ChiSquareTest() {
    }

    public static ChiSquareResult test(ContingencyTable table, boolean correct) {
        table.requireNonZeroMargins("the chi-square test");
        int r = table.rows();
        int c = table.columns();
        double n = table.total();
        double[][] e = new double[r][c];
        boolean low = false;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                e[i][j] = (double) table.rowTotal(i) * table.columnTotal(j) / n;
                low |= e[i][j] < LOW_EXPECTED;
            }
        }
        double yates = 0;
        if (correct && table.isTwoByTwo()) {
            yates = 0.5;
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    yates = Math.min(yates, Math.abs(table.count(i, j) - e[i][j]));
                }
            }
        }
        double statistic = 0;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                double dev = Math.abs(table.count(i, j) - e[i][j]) - yates;
                statistic += dev * dev / e[i][j];
            }
        }
        int df = (r - 1) * (c - 1);
        double p = Distributions.chiSquareUpper(statistic, df);
        // R names the correction whenever it was asked for on a 2 x 2 table and is not zero
        boolean corrected = yates > 0;
        String method = corrected ? "Pearson's Chi-squared test with Yates' continuity correction"
                : "Pearson's Chi-squared test";
        List<List<Double>> expected = new ArrayList<>();
        for (double[] row : e) {
            List<Double> l = new ArrayList<>();
            for (double v : row) {
                l.add(v);
            }
            expected.add(l);
        }
        return new ChiSquareResult(method, statistic, df, p, corrected, expected, low);
    }
}
