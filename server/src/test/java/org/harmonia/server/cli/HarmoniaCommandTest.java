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

    @Test
    void serveWithAMissingProtocolsDirectoryIsOneLineAndStartsNothing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cl = HarmoniaCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        java.nio.file.Path missing = dir.resolve("no-such-protocols");
        int code = cl.execute("serve", "--port", "0", "--data-dir", dir.resolve("db").toString(), "--protocols", missing.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("protocols directory not found: " + missing.toAbsolutePath()
                + "; name one with --protocols or set HARMONIA_HOME");
        assertThat(dir.resolve("db")).doesNotExist();
    }
}
