package org.harmonia.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * psql (Debian's {@code postgresql-client}, which also brings pgbench) against the embedded PostgreSQL as its
 * superuser: its settings, the anchor's scratch tables, statement logging, and the export benchmark's simulated
 * subjects (copies of the demo's, in a demo database of its own). Never used on a study's real data.
 */
final class Psql {
    private Psql() {
    }

    /** Runs the statements in one session, stopping at the first error; returns the rows printed, unaligned. */
    static List<String> run(int port, String... statements) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-h", "localhost",
                "-p", Integer.toString(port), "-U", "postgres", "-d", "postgres"));
        for (String s : statements) {
            cmd.add("-c");
            cmd.add(s);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql failed on " + String.join("; ", statements) + ":\n" + out);
        }
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** The settings that decide whether a commit waits for the disk, and the server's size, as one line. */
    static String durabilitySettings(int port) throws IOException, InterruptedException {
        return String.join(", ", run(port, "select name || '=' || current_setting(name) from pg_settings where name in "
                + "('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'shared_buffers', 'max_connections', "
                + "'server_version') order by name"));
    }

    /** Whether commits are durable: fsync and synchronous commit both on. */
    static boolean durable(int port) throws IOException, InterruptedException {
        List<String> rows = run(port, "select current_setting('fsync') = 'on' and current_setting('synchronous_commit') <> 'off'");
        return rows.size() == 1 && rows.get(0).equals("t");
    }
}
