package org.harmonia.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The root command: help lists the commands, bad usage exits with 2. */
class HarmoniaCommandTest {

    @Test
    void helpListsTheCommands() {
        StringWriter out = new StringWriter();
        CommandLine cl = HarmoniaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("--help")).isZero();
        assertThat(out.toString()).contains("serve").contains("demo").contains("protocol").contains("stats");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cl = HarmoniaCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument");
    }
}
