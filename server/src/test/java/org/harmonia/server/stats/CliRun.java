package org.harmonia.server.stats;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.harmonia.server.cli.HarmoniaCommand;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One in-process run of the {@code harmonia} command line with its exit code and captured output. */
public record CliRun(int exitCode, String out, String err) {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** The example files documented in docs/stats/tests.md. */
    static Path example(String name) {
        return Path.of("..", "docs", "examples", name).toAbsolutePath().normalize();
    }

    public static CliRun of(String... args) {
        CommandLine cl = HarmoniaCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    JsonNode json() {
        return MAPPER.readTree(out);
    }

    /** A number of the JSON output, reading the strings Jackson writes for infinities back as numbers. */
    static double number(JsonNode node) {
        return node.isString() ? Double.parseDouble(node.asString()) : node.asDouble();
    }
}
