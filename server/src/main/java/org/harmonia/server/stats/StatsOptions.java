package org.harmonia.server.stats;

import java.nio.file.Path;
import org.harmonia.stats.data.DataTable;
import picocli.CommandLine.Option;

/** The options every {@code stats} sub-command shares: the input file and the output format. */
public final class StatsOptions {

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "CSV file with a header row.")
    Path data;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    public Path data() {
        return data;
    }

    public boolean json() {
        return json;
    }

    /** Reads the data file; errors name the file and the problem. */
    public DataTable table() {
        return DataTable.readCsv(data);
    }
}
