package org.harmonia.server.stats;

import picocli.CommandLine.Option;

/** The follow-up time and event columns every survival command reads (a picocli mixin). */
public final class SurvivalColumns {

    @Option(names = "--time", paramLabel = "COLUMN", description = "Follow-up time (required).")
    String time;

    @Option(names = "--status", paramLabel = "COLUMN",
            description = "Event indicator, 1 = event, 0 = censored (or 2 = event, 1 = censored) (required).")
    String status;

    /** Refuses a command line that lacks one of the two columns. */
    void require() {
        SurvivalText.require("--time", time);
        SurvivalText.require("--status", status);
    }
}
