package org.harmonia.server.stats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.harmonia.server.cli.UsageException;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.data.DataTable;
import org.harmonia.stats.tests.ContingencyTable;
import picocli.CommandLine.Option;

/**
 * The options of the table commands ({@code fisher}, {@code chisq}, {@code risk}): a table typed as counts, or
 * the cross-tabulation of two columns of a CSV file, and the output format.
 */
public final class TableInputOptions {

    @Option(names = "--table", paramLabel = "COUNTS",
            description = "Counts row by row: a,b,c,d for a 2 x 2 table, or rows separated by ';' (1,2,3;4,5,6).")
    String counts;

    @Option(names = "--data", paramLabel = "FILE", description = "CSV file with a header row, cross-tabulated by --row and --col.")
    Path data;

    @Option(names = "--row", paramLabel = "COLUMN", description = "Column whose values are the rows of the table.")
    String row;

    @Option(names = "--col", paramLabel = "COLUMN", description = "Column whose values are the columns of the table.")
    String col;

    @Option(names = "--row-levels", paramLabel = "A,B", description = "Row values in the order wanted (default: sorted).")
    String rowLevels;

    @Option(names = "--col-levels", paramLabel = "X,Y", description = "Column values in the order wanted (default: sorted).")
    String colLevels;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    public boolean json() {
        return json;
    }

    /** The table the options describe; conflicting or missing options are a usage error. */
    public ContingencyTable table() {
        if (counts != null) {
            if (data != null || row != null || col != null || rowLevels != null || colLevels != null) {
                throw new UsageException("give either --table or --data with --row and --col, not both");
            }
            return parseCounts(counts);
        }
        if (data == null) {
            throw new UsageException("give the table as --table a,b,c,d or as --data FILE --row COLUMN --col COLUMN");
        }
        if (row == null || col == null) {
            throw new UsageException("--data needs both --row COLUMN and --col COLUMN to cross-tabulate");
        }
        DataTable t = DataTable.readCsv(data);
        List<String> rows = Levels.choose(t, row, rowLevels, "--row-levels");
        List<String> cols = Levels.choose(t, col, colLevels, "--col-levels");
        if (rows.size() < 2 || cols.size() < 2) {
            throw new InvalidDataException("columns \"" + row + "\" and \"" + col + "\" of " + t.source()
                    + " give a " + rows.size() + " x " + cols.size() + " table; at least 2 x 2 is needed");
        }
        return ContingencyTable.crossTabulate(t.cells(row), t.cells(col), rows, cols);
    }

    static ContingencyTable parseCounts(String text) {
        String[] rowTexts = text.contains(";") ? text.split(";") : null;
        List<double[]> rows = new ArrayList<>();
        if (rowTexts == null) {
            double[] flat = numbers(text);
            if (flat.length != 4) {
                throw new InvalidDataException("--table " + text + " has " + flat.length
                        + " counts; give 4 (a,b,c,d) or separate the rows with ';'");
            }
            rows.add(new double[] {flat[0], flat[1]});
            rows.add(new double[] {flat[2], flat[3]});
        } else {
            for (String r : rowTexts) {
                rows.add(numbers(r));
            }
        }
        return ContingencyTable.ofCounts(rows.toArray(new double[0][]));
    }

    private static double[] numbers(String text) {
        String[] parts = text.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new InvalidDataException("--table: \"" + parts[i].strip() + "\" is not a count");
            }
        }
        return out;
    }
}
