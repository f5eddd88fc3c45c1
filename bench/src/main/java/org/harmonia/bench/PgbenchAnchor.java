package org.harmonia.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The database's own floor: pgbench (Debian's {@code postgresql-client}) against the demo's embedded PostgreSQL,
 * running the statements a subject page sends with the same number of clients as the page run has users, or
 * another script.
 */
final class PgbenchAnchor {
    private PgbenchAnchor() {
    }

    /** pgbench's answer: transactions (one subject page's reads each) per second and their latencies. */
    record Result(double tps, Latencies latencies, String script) {
    }

    /**
     * The reads of one subject page, as the server sends them (session account, account language, the subject
     * twice, its visits, its form records), for a random user and a random subject of the page run. The site scope
     * of the page's subject reads is left open here: on a primary-key lookup it is one more condition on one row.
     */
    static String script(List<Long> userIds, List<String> subjectIds) {
        String users = userIds.stream().map(String::valueOf).collect(Collectors.joining(",", "array[", "]::bigint[]"));
        String subjects = subjectIds.stream().map(s -> "'" + s.replace("'", "''") + "'").collect(Collectors.joining(",", "array[", "]::text[]"));
        String user = "(" + users + ")[:u]";
        String subject = "(" + subjects + ")[:s]";
        return String.join("\n",
                "\\set u random(1, " + userIds.size() + ")",
                "\\set s random(1, " + subjectIds.size() + ")",
                "select u.id, u.username, u.display_name, u.administrator, u.enabled, u.must_change_password, u.session_generation, "
                        + "r.id as grant_id, r.study_id, r.role, r.site_id from app_user u left join role_assignment r "
                        + "on r.user_id = u.id and r.revoked_at is null where u.id = " + user + " order by r.study_id, r.role, r.site_id;",
                "select language from app_user where id = " + user + ";",
                "select * from subject where study_id = 'mesems' and id = " + subject
                        + " and (cast(null as text[]) is null or site_id = any(cast(null as text[])));",
                "select * from subject where study_id = 'mesems' and id = " + subject
                        + " and (cast(null as text[]) is null or site_id = any(cast(null as text[])));",
                "select * from visit_record where study_id = 'mesems' and subject_id = " + subject + ";",
                "select f.*, s.site_id from form_record f join subject s on s.study_id = f.study_id and s.id = f.subject_id "
                        + "where f.study_id = 'mesems' and f.subject_id = " + subject + " and (false or not f.voided) order by f.id;",
                "");
    }

    /** Runs pgbench with the subject page's reads (the script {@code pgbench/subject-page.sql} in the run's directory). */
    static Result run(int port, int clients, int seconds, List<Long> userIds, List<String> subjectIds, Path workDir)
            throws IOException, InterruptedException {
        return run(port, clients, seconds, "subject-page", script(userIds, subjectIds), workDir);
    }

    /**
     * Runs pgbench with prepared statements (as the JDBC driver ends up using them) and a log of every transaction;
     * the script is kept as {@code pgbench/NAME.sql} in the run's directory.
     */
    static Result run(int port, int clients, int seconds, String name, String script, Path workDir)
            throws IOException, InterruptedException {
        Path dir = Files.createDirectories(workDir.resolve("pgbench"));
        Path file = dir.resolve(name + ".sql");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        String logPrefix = "tx-" + name;
        Process p = new ProcessBuilder("pgbench", "-n", "-M", "prepared", "-c", Integer.toString(clients), "-j", "2",
                "-T", Integer.toString(seconds), "-f", file.toString(), "-l", "--log-prefix", dir.resolve(logPrefix).toString(),
                "-h", "localhost", "-p", Integer.toString(port), "-U", "postgres", "postgres")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("pgbench failed:\n" + out);
        }
        Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(out);
        if (!tps.find()) {
            throw new IllegalStateException("no tps in pgbench's output:\n" + out);
        }
        // each log line: client, transaction number, latency in microseconds, script, epoch seconds, microseconds
        List<Long> micros = new ArrayList<>();
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().startsWith(logPrefix + ".")).toList()) {
                for (String line : Files.readAllLines(log)) {
                    String[] f = line.split(" ");
                    if (f.length >= 3) {
                        micros.add(Long.parseLong(f[2]));
                    }
                }
            }
        }
        return new Result(Double.parseDouble(tps.group(1)), Latencies.ofMicros(micros.stream().mapToLong(Long::longValue).toArray()),
                script);
    }
}
