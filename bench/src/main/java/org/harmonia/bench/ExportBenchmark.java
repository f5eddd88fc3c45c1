package org.harmonia.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ODM and SDTM exports of a large study (issue 15, "Speed"): {@code ./harmonia demo} loads the MESEMS cohort
 * through the services, then its subjects are cloned by SQL in the demo's database until the study holds the subjects
 * asked for (1,000, then 10,000 by default): each clone a copy of a demo subject under a new id with its visits, form
 * records and audit rows, so the data are as varied as the demo's and about 12.5 form records per subject. At each
 * size, {@code ./harmonia export odm} (blinded, with audit records) and {@code ./harmonia export sdtm --format xpt}
 * run as a user runs them, in a JVM of their own with {@code -Xmx256m} and a GC log; the benchmark prints the wall
 * time, the output's size, the peak heap in use before a collection and the largest heap still in use after one (what
 * the export holds: it must not grow with the study), and whether the target (under 30 s) was met.
 *
 * <p>Options: {@code --subjects 1000,10000}, {@code --heap 256m}, {@code --harmonia ../harmonia}, {@code --keep}.
 */
public final class ExportBenchmark {
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    static final double TARGET_SECONDS = 30;

    record Settings(List<Integer> subjects, String heap, Path launcher, boolean keep) {
        static Settings parse(String[] args) {
            Options o = Options.parse(args);
            List<Integer> subjects = Arrays.stream(o.get("subjects", "1000,10000").split(",")).map(String::strip)
                    .map(Integer::parseInt).sorted().toList();
            Settings s = new Settings(subjects, o.get("heap", "256m"), o.launcher(), o.keep());
            o.refuseAllBut("subjects", "heap", "harmonia");
            if (subjects.isEmpty() || subjects.get(0) < 1 || !s.heap.matches("\\d+[mMgG]")) {
                throw new IllegalArgumentException("--subjects: positive counts; --heap: a size such as 256m");
            }
            return s;
        }
    }

    /**
     * One export's run: wall time, CPU time and largest resident size of its JVM (from {@code /usr/bin/time}), output size,
     * and the heap seen in the GC log (MiB).
     */
    record Run(String name, int subjects, long formRecords, double seconds, double cpuSeconds, long maxRssMiB, long bytes,
               long peakBeforeGc, long maxAfterGc, int collections) {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Path work = Files.createTempDirectory("harmonia-export-bench-");
        System.out.println("Harmonia export benchmark: ODM and SDTM exports of MESEMS at " + settings.subjects() + " subjects, each export"
                + " in its own JVM with -Xmx" + settings.heap() + "; files in " + work);
        System.out.println("machine: " + Machine.describe());
        System.out.println("load average before the start: " + Machine.loadAverage());
        long started = System.nanoTime();
        List<Run> runs = new ArrayList<>();
        try (DemoServer demo = DemoServer.start(settings.launcher(), work)) {
            int db = demo.databasePort();
            System.out.printf(Locale.ROOT, "demo: ./harmonia demo loaded its cohort after %.1f s; %s subjects, %s form records%n",
                    (System.nanoTime() - started) / 1e9, count(db, "subject"), count(db, "form_record"));
            for (int target : settings.subjects()) {
                long t0 = System.nanoTime();
                int added = grow(db, target);
                long records = Long.parseLong(count(db, "form_record"));
                System.out.printf(Locale.ROOT, "study grown to %s subjects (%d cloned now), %d form records, %s audit rows, in %.1f s%n",
                        count(db, "subject"), added, records, Psql.run(db, "select count(*) from audit_log").get(0),
                        (System.nanoTime() - t0) / 1e9);
                Path dir = work.resolve("n" + target);
                Files.createDirectories(dir);
                runs.add(export(settings, db, dir, "ODM (blinded, audit records)", target, records,
                        List.of("export", "odm", "--study", "mesems", "--out", dir.resolve("mesems.xml").toString()), dir.resolve("mesems.xml")));
                runs.add(export(settings, db, dir, "SDTM (blinded, XPT)", target, records,
                        List.of("export", "sdtm", "--study", "mesems", "--format", "xpt", "--out", dir.resolve("sdtm").toString()),
                        dir.resolve("sdtm")));
                if (!settings.keep()) {
                    Machine.deleteTree(dir);
                }
            }
        }
        System.out.println();
        System.out.printf("%-30s %9s %13s %8s %8s %10s %14s %14s %5s %8s%n", "export", "subjects", "form records", "s", "CPU s",
                "MiB out", "peak heap MiB", "live after GC", "GCs", "RSS MiB");
        for (Run r : runs) {
            System.out.printf(Locale.ROOT, "%-30s %9d %13d %8.1f %8.1f %10.1f %14d %14d %5d %8d%n", r.name(), r.subjects(), r.formRecords(),
                    r.seconds(), r.cpuSeconds(), r.bytes() / 1048576.0, r.peakBeforeGc(), r.maxAfterGc(), r.collections(), r.maxRssMiB());
        }
        int largest = settings.subjects().get(settings.subjects().size() - 1);
        for (Run r : runs) {
            if (r.subjects() == largest) {
                System.out.printf(Locale.ROOT, "Target (issue 15): %s of %d subjects in under %.0f s: %s (%.1f s)%n", r.name(), largest,
                        TARGET_SECONDS, r.seconds() < TARGET_SECONDS ? "met" : "NOT met", r.seconds());
            }
        }
        System.out.println("load average at the end: " + Machine.loadAverage());
        if (!settings.keep()) {
            Machine.deleteTree(work);
        }
    }

    private static String count(int db, String table) throws IOException, InterruptedException {
        return Psql.run(db, "select count(*) from " + table + " where study_id = 'mesems'").get(0);
    }

    /**
     * Clones demo subjects until the study holds {@code target} subjects, in one transaction: clone n copies demo subject
     * number (n - 1) mod (demo subjects) as {@code MES-<site>-B<n>}, with its visit records, its form records under new
     * ids and the audit rows of the subject and of each record (which the ODM export reads for its AuditRecords).
     * Randomisation is not cloned (a clone has no allocation); blinded exports never read it.
     */
    static int grow(int db, int target) throws IOException, InterruptedException {
        int have = Integer.parseInt(Psql.run(db, "select count(*) from subject where study_id = 'mesems'").get(0));
        if (have >= target) {
            return 0;
        }
        int from = Integer.parseInt(Psql.run(db, "select count(*) from subject where study_id = 'mesems' and id like '%-B%'").get(0)) + 1;
        int to = from + (target - have) - 1;
        Psql.run(db,
                "begin",
                "create temp table tmpl as select id, site_id, row_number() over (order by id) - 1 as k from subject "
                        + "where study_id = 'mesems' and id not like '%-B%'",
                "create temp table clone as select n, t.id as src, 'MES-' || t.site_id || '-B' || lpad(n::text, 5, '0') as new_id "
                        + "from generate_series(" + from + ", " + to + ") n join tmpl t on t.k = (n - 1) % (select count(*) from tmpl)",
                "insert into subject select (jsonb_populate_record(null::subject, to_jsonb(s) || jsonb_build_object('id', c.new_id))).* "
                        + "from subject s join clone c on s.study_id = 'mesems' and s.id = c.src",
                "insert into visit_record select (jsonb_populate_record(null::visit_record, to_jsonb(v) "
                        + "|| jsonb_build_object('subject_id', c.new_id))).* from visit_record v join clone c on v.study_id = 'mesems' "
                        + "and v.subject_id = c.src",
                "create temp table rec as select f.id as src, c.new_id, nextval(pg_get_serial_sequence('form_record', 'id')) as new_rec "
                        + "from form_record f join clone c on f.study_id = 'mesems' and f.subject_id = c.src order by c.n, f.id",
                "insert into form_record overriding system value select (jsonb_populate_record(null::form_record, to_jsonb(f) "
                        + "|| jsonb_build_object('id', r.new_rec, 'subject_id', r.new_id))).* from form_record f join rec r on f.id = r.src",
                // audit rows enter unsealed (the trigger stamps the transaction); the demo's sealer chains them after the commit
                "insert into audit_log (recorded_at, actor, action, study_id, site_id, entity_type, entity_id, field, old_value, new_value, reason) "
                        + "select a.recorded_at, a.actor, a.action, a.study_id, a.site_id, a.entity_type, r.new_rec::text, a.field, a.old_value, "
                        + "a.new_value, a.reason from audit_log a join rec r on a.entity_type = 'form_record' and a.entity_id = r.src::text "
                        + "order by r.new_rec, a.seq",
                "insert into audit_log (recorded_at, actor, action, study_id, site_id, entity_type, entity_id, field, old_value, new_value, reason) "
                        + "select a.recorded_at, a.actor, a.action, a.study_id, a.site_id, a.entity_type, c.new_id, a.field, a.old_value, "
                        + "a.new_value, a.reason from audit_log a join clone c on a.entity_type = 'subject' and a.entity_id = c.src "
                        + "and a.study_id = 'mesems' order by c.n, a.seq",
                "commit",
                "analyze");
        return to - from + 1;
    }

    /** Runs one export command in its own JVM with the heap limit and a GC log; a failed export stops the benchmark. */
    private static Run export(Settings settings, int db, Path dir, String name, int subjects, long records, List<String> command, Path output)
            throws IOException, InterruptedException {
        String stem = output.getFileName().toString().replace('.', '-');
        Path gcLog = dir.resolve(stem + "-gc.log");
        Path log = dir.resolve(stem + ".log");
        Path usage = dir.resolve(stem + "-time.txt");
        // GNU time: the CPU the export's JVM used (user + system) and its largest resident set, which the load does not stretch
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-o", usage.toString(), "-f", "%U %S %M"));
        cmd.add(settings.launcher().toString());
        cmd.addAll(command);
        cmd.addAll(List.of("--db-url", "jdbc:postgresql://localhost:" + db + "/postgres", "--db-user", "postgres"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HARMONIA_JAVA_OPTS", "-Xmx" + settings.heap() + " -Xlog:gc:file=" + gcLog);
        long t0 = System.nanoTime();
        int exit = pb.start().waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException(name + " exited with " + exit + ":\n" + Files.readString(log));
        }
        long peak = 0;
        long live = 0;
        int collections = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                collections++;
                peak = Math.max(peak, Long.parseLong(m.group(1)));
                live = Math.max(live, Long.parseLong(m.group(2)));
            }
        }
        String[] u = Files.readString(usage).strip().lines().reduce((a, b) -> b).orElse("0 0 0").split(" ");
        double cpu = Double.parseDouble(u[0]) + Double.parseDouble(u[1]);
        long rss = Long.parseLong(u[2]) / 1024;
        long bytes;
        try (Stream<Path> files = Files.walk(output)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        Run r = new Run(name, subjects, records, seconds, cpu, rss, bytes, peak, live, collections);
        System.out.printf(Locale.ROOT, "  %s: %.1f s (CPU %.1f s), %.1f MiB written, heap: peak %d MiB before a collection, at most %d MiB "
                + "live after one (%d collections), largest resident set %d MiB; %s%n", name, seconds, cpu, bytes / 1048576.0, peak, live,
                collections, rss,
                Files.readString(log).strip().lines().reduce((a, b) -> b).orElse(""));
        return r;
    }
}
