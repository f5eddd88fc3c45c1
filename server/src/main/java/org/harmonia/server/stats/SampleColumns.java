package org.harmonia.server.stats;

import org.harmonia.stats.data.DataTable;
import picocli.CommandLine.Option;

/** Which columns hold the samples of a one- or two-sample test, paired or not (a picocli mixin). */
public final class SampleColumns {

    @Option(names = "--response", paramLabel = "COLUMN", description = "Numeric column to compare.")
    String response;

    @Option(names = "--group", paramLabel = "COLUMN", description = "Column holding the two groups; without it, a one-sample test.")
    String group;

    @Option(names = "--levels", paramLabel = "A,B", description = "The two groups to compare, x first (default: the two values of --group, sorted).")
    String levels;

    @Option(names = "--paired", description = "Paired test of the differences x - y.")
    boolean paired;

    @Option(names = "--subject", paramLabel = "COLUMN", description = "With --paired: column identifying the pairs (default: rows in file order).")
    String subject;

    /** The samples these columns select from the table. */
    TwoSamples read(DataTable table) {
        return TwoSamples.read(table, response, group, levels, paired, subject);
    }
}
