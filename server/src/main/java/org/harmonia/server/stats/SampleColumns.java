package org.harmonia.server.stats;

import org.harmonia.server.cli.UsageException;
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

    @Option(names = "--x", paramLabel = "COLUMN",
            description = "Wide form: column of the first sample (alone: a one-sample test), as R's t.test(x, y).")
    String x;

    @Option(names = "--y", paramLabel = "COLUMN",
            description = "Wide form: column of the second sample; with --paired, x and y of the same row are a pair.")
    String y;

    /** The samples these columns select from the table. */
    TwoSamples read(DataTable table) {
        if (x == null && y == null) {
            return TwoSamples.read(table, response, group, levels, paired, subject);
        }
        if (response != null || group != null || levels != null || subject != null) {
            throw new UsageException("give the samples either as --x/--y columns or as --response with --group, not both");
        }
        if (x == null) {
            throw new UsageException("--y needs --x (the first sample)");
        }
        return TwoSamples.wide(table, x, y, paired);
    }

    /** What the test was run on, for the "data:" line of the readable output. */
    String label() {
        if (x != null) {
            return y == null ? x : x + " and " + y;
        }
        return group == null ? response : response + " by " + group;
    }
}
