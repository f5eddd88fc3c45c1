package org.harmonia.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The SQL one request sends, from the embedded PostgreSQL's own log: statements are logged ({@code log_statement=all})
 * only around the request, between two marker queries sent through psql, so the measured phases run without it.
 * The log goes to files in the data directory because the logging collector was turned on before the server
 * started (it cannot be turned on while running).
 */
final class StatementLog {
    /** {@code log_line_prefix = '%m [%p] '}: time, zone, pid, then the message. */
    private static final Pattern LINE = Pattern.compile("^\\S+ \\S+ \\S+ \\[(\\d+)\\] LOG:  (?:statement|execute [^:]*): ?(.*)$");
    private static final String MARK = "harmonia-bench mark";

    private final int port;
    private final Path logDir;
    private int marks;

    private StatementLog(int port, Path logDir) {
        this.port = port;
        this.logDir = logDir;
    }

    /** Before the server starts: the collector writes the server's log to {@code log/} in the data directory. */
    static void collectInFiles(int port) throws IOException, InterruptedException {
        Psql.run(port, "alter system set logging_collector = on", "alter system set log_line_prefix = '%m [%p] '");
    }

    /** Logs every statement from now on, on the server that runs on {@code dataDir}. */
    static StatementLog start(int port, Path dataDir) throws IOException, InterruptedException {
        Psql.run(port, "alter system set log_statement = 'all'", "select pg_reload_conf()");
        // every backend applies a reload before its next command; give the postmaster time to signal them
        Thread.sleep(500);
        return new StatementLog(port, dataDir.resolve("log"));
    }

    /** Writes a marker into the log and returns it. */
    String mark() throws IOException, InterruptedException {
        String mark = MARK + " " + (++marks) + " " + System.nanoTime();
        Psql.run(port, "select '" + mark + "'");
        return mark;
    }

    void stop() throws IOException, InterruptedException {
        Psql.run(port, "alter system reset log_statement", "select pg_reload_conf()");
    }

    /** The statements other sessions than psql's sent between two markers, in order, with whitespace collapsed. */
    List<String> between(String from, String to) throws IOException, InterruptedException {
        List<String> lines = List.of();
        for (int wait = 0; wait < 50; wait++) {
            lines = read();
            if (lines.stream().anyMatch(l -> l.contains(to))) {
                break;
            }
            Thread.sleep(100); // the collector writes asynchronously
        }
        Set<String> psqlPids = new HashSet<>();
        for (String l : lines) {
            Matcher m = LINE.matcher(l);
            if (m.matches() && (l.contains(MARK) || l.contains("pg_reload_conf") || l.contains("log_statement"))) {
                psqlPids.add(m.group(1));
            }
        }
        List<String> out = new ArrayList<>();
        boolean inside = false;
        boolean continues = false;
        for (String l : lines) {
            if (l.contains(from)) {
                inside = true;
            } else if (l.contains(to)) {
                break;
            } else if (inside) {
                Matcher m = LINE.matcher(l);
                if (m.matches() && !psqlPids.contains(m.group(1))) {
                    out.add(m.group(2).strip().replaceAll("\\s+", " "));
                    continues = true;
                } else if (continues && l.startsWith("\t")) {
                    // a statement's further lines follow it, indented by a tab
                    int last = out.size() - 1;
                    out.set(last, (out.get(last) + " " + l.strip()).strip().replaceAll("\\s+", " "));
                } else {
                    continues = false;
                }
            }
        }
        if (!inside) {
            throw new IllegalStateException("the marker " + from + " is not in the log in " + logDir);
        }
        return out;
    }

    /**
     * The statements grouped and counted in order of first appearance: {@code BEGIN} and {@code COMMIT} under their
     * names, an empty statement (the pool's check of a connection that was idle) as such, others by their start.
     */
    static Map<String, Integer> tally(List<String> statements) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : statements) {
            String key = s.isEmpty() ? "(empty statement: the pool checking an idle connection)"
                    : s.length() > 110 ? s.substring(0, 110) + "…" : s;
            counts.merge(key, 1, Integer::sum);
        }
        return counts;
    }

    /** Statements that do work: not transaction control, not the pool's empty check. */
    static long working(List<String> statements) {
        return statements.stream().filter(s -> !s.isEmpty() && !s.equalsIgnoreCase("BEGIN") && !s.equalsIgnoreCase("COMMIT")
                && !s.equalsIgnoreCase("ROLLBACK")).count();
    }

    static long commits(List<String> statements) {
        return statements.stream().filter(s -> s.equalsIgnoreCase("COMMIT")).count();
    }

    private List<String> read() throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(logDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                all.addAll(new String(Files.readAllBytes(f), StandardCharsets.UTF_8).lines().toList());
            }
        }
        return all;
    }
}
