package org.harmonia.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.harmonia.bench.SiteCoordinators.SiteUser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API under load, durably: the demo's database (cohort, users) served by {@code ./harmonia serve} with fsync on,
 * site coordinators with personal tokens saving adverse events for subjects of their own as fast as the server
 * answers, then reading subjects of their sites; in the same run pgbench on the same PostgreSQL inserting a form row
 * and an audit row per transaction (the database's rate for what an adverse event must at least write), in rounds
 * back to back with 16 writers, the target judged on the rounds' median ratio; and the SQL one save and one read send,
 * from the database's log.
 *
 * <p>Options: {@code --writers 16 --readers 16 --warmup 30 --duration 20 --anchor-duration 20 --serious-every 0
 * --rounds 3 --harmonia ../harmonia --jfr FILE --keep}; {@code --writers} and {@code --readers} take lists ({@code 1,4,16}), one
 * phase each. The run's files (server logs, database with its statement log, pgbench scripts and logs, the SQL of one
 * request) are in a temporary directory it prints, kept with {@code --keep}.
 */
public final class ApiBenchmark {
    private static final String STUDY = SiteCoordinators.STUDY;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Issue 11: 16 writers reach a fifth of pgbench's two-INSERT rate with p99 under 100 ms. */
    static final int TARGET_WRITERS = 16;
    static final double TARGET_SHARE_OF_PGBENCH = 0.20;
    static final double TARGET_WRITE_P99_MS = 100;
    /** Issue 11: 1,500 subject reads per second with 16 clients. */
    static final int TARGET_READERS = 16;
    static final double TARGET_READS_PER_SECOND = 1500;

    private ApiBenchmark() {
    }

    /** The run's settings; durations in seconds; {@code seriousEvery} 0 means every event is non-serious. */
    record Settings(List<Integer> writers, List<Integer> readers, int warmUp, int duration, int anchorDuration, int seriousEvery,
                    int rounds, Path launcher, Path jfr, boolean keep) {
        Settings {
            if (writers.stream().anyMatch(n -> n < 1) || readers.stream().anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException("--writers and --readers take positive counts (1,4,16)");
            }
            if (warmUp < 0 || duration < 1 || anchorDuration < 1 || seriousEvery < 0 || rounds < 0) {
                throw new IllegalArgumentException("durations must be positive (warm-up may be 0), --serious-every and --rounds 0 or more");
            }
        }

        static Settings parse(String[] args) {
            Options o = Options.parse(args);
            Settings s = new Settings(counts(o.get("writers", "16")), counts(o.get("readers", "16")), o.integer("warmup", 30),
                    o.integer("duration", 20), o.integer("anchor-duration", 20), o.integer("serious-every", 0), o.integer("rounds", 3),
                    o.launcher(), o.path("jfr"), o.keep());
            o.refuseAllBut("writers", "readers", "warmup", "duration", "anchor-duration", "serious-every", "rounds", "harmonia", "jfr");
            return s;
        }

        /** The same with another warm-up, for the rounds' writers on a server already warm. */
        Settings withWarmUp(int seconds) {
            return new Settings(writers, readers, seconds, duration, anchorDuration, seriousEvery, rounds, launcher, jfr, keep);
        }

        /** {@code 0} writers or readers: the list may be empty, skipping the phase. */
        private static List<Integer> counts(String list) {
            if (list.equals("0")) {
                return List.of();
            }
            return Arrays.stream(list.split(",")).map(String::strip).map(Integer::parseInt).toList();
        }

        /** The flight recording of one phase: {@code FILE} with the phase's name before its extension. */
        Path jfrFor(String phase) {
            String name = jfr.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String stem = dot > 0 ? name.substring(0, dot) : name;
            return jfr.resolveSibling(stem + "-" + phase + (dot > 0 ? name.substring(dot) : ".jfr"));
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Path work = Files.createTempDirectory("harmonia-api-bench-");
        System.out.println("Harmonia API benchmark: writers " + settings.writers() + ", readers " + settings.readers()
                + ", no think time; " + settings.warmUp() + " s warm-up and " + settings.duration() + " s measured per phase; files in " + work);
        System.out.println("machine: " + Machine.describe());
        System.out.println("load average before the start: " + Machine.loadAverage());
        long started = System.nanoTime();
        DemoServer demo = DemoServer.start(settings.launcher(), work);
        DemoServer durable;
        try {
            int demoDb = demo.databasePort();
            System.out.printf(Locale.ROOT, "demo: ./harmonia demo at %s loaded its cohort after %.1f s; its embedded PostgreSQL: %s%n",
                    demo.baseUrl(), (System.nanoTime() - started) / 1e9, Psql.durabilitySettings(demoDb));
            StatementLog.collectInFiles(demoDb);
            long restarted = System.nanoTime();
            // a flight recording's stacks deep enough to reach from a SQL call up to the request's thread
            durable = demo.serveDurably(settings.launcher(), work, settings.jfr() == null ? "" : "-XX:FlightRecorderOptions:stackdepth=512");
            System.out.printf(Locale.ROOT, "server: the demo stopped and its database served by ./harmonia serve --data-dir at %s, pid %d, "
                    + "serving after %.1f s%n", durable.baseUrl(), durable.pid(), (System.nanoTime() - restarted) / 1e9);
        } catch (Exception e) {
            demo.close();
            throw e;
        }
        try (DemoServer server = durable) {
            int db = server.databasePort();
            String dbSettings = Psql.durabilitySettings(db);
            System.out.println("PostgreSQL under test (Harmonia and pgbench): " + dbSettings);
            if (!Psql.durable(db)) {
                throw new IllegalStateException("serve's PostgreSQL does not commit durably (" + dbSettings + "): the comparison needs fsync on");
            }
            int userCount = java.util.stream.Stream.concat(settings.writers().stream(), settings.readers().stream())
                    .mapToInt(Integer::intValue).max().orElse(1);
            List<SiteUser> users = SiteCoordinators.prepare(server.baseUrl(), userCount);
            List<String> tokens = new ArrayList<>();
            for (SiteUser u : users) {
                tokens.add(Api.as(server.baseUrl(), u.username(), SiteCoordinators.BENCH_PASSWORD).token());
            }
            Map<String, Long> answeredBySubject = new LinkedHashMap<>();
            List<String> bodies = adverseEvents(false);
            String serious = adverseEvents(true).get(0);
            String runId = Long.toString(System.currentTimeMillis(), 36);

            List<PhaseResult> writes = new ArrayList<>();
            for (int n : settings.writers()) {
                List<Worker> workers = writers(n, server.baseUrl(), tokens, users, bodies, serious, settings, runId + "-" + n);
                writes.add(phase("writers-" + n, "AE save (POST), " + n + (n == 1 ? " writer" : " writers"),
                        "Writers: " + n + ", each saving non-serious adverse events"
                                + (settings.seriousEvery() > 0 ? " (one in " + settings.seriousEvery() + " serious)" : "")
                                + " for a subject of its own, Idempotency-Key on each", workers, settings, server));
                workers.forEach(w -> answeredBySubject.merge(((Writer) w).subject, w.answered, Long::sum));
            }

            List<PhaseResult> reads = new ArrayList<>();
            for (int n : settings.readers()) {
                List<Worker> workers = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    SiteUser u = users.get(i % users.size());
                    workers.add(new Reader(server.baseUrl(), tokens.get(i % tokens.size()), u.siteSubjects(), i));
                }
                reads.add(phase("readers-" + n, "subject GET, " + n + (n == 1 ? " reader" : " readers"),
                        "Readers: " + n + ", each going round the subjects of its site (GET /api/studies/" + STUDY + "/subjects/{id})",
                        workers, settings, server));
            }

            // The machine's speed drifts by as much as half over minutes (other tenants of its host), and pgbench and
            // Harmonia feel it differently, so the target is judged on rounds that measure the two back to back: in
            // each, pgbench's rate and then the target writers', warmed up briefly on a server already warm.
            List<Round> rounds = new ArrayList<>();
            boolean paired = settings.writers().contains(TARGET_WRITERS) && settings.rounds() > 0;
            for (int r = 1; paired && r <= settings.rounds(); r++) {
                PgbenchAnchor.Result anchor = anchor(db, settings, users, work, "round " + r + " of " + settings.rounds(), "ae-save-floor-" + r);
                List<Worker> workers = writers(TARGET_WRITERS, server.baseUrl(), tokens, users, bodies, serious, settings, runId + "-r" + r);
                PhaseResult w = phase("round-" + r, "AE save (POST), " + TARGET_WRITERS + " writers",
                        "Round " + r + ": " + TARGET_WRITERS + " writers as above, " + ROUND_WARM_UP + " s warm-up", workers, settings.withWarmUp(ROUND_WARM_UP), server);
                workers.forEach(x -> answeredBySubject.merge(((Writer) x).subject, x.answered, Long::sum));
                rounds.add(new Round(anchor, w));
            }
            if (!paired) {
                rounds.add(new Round(anchor(db, settings, users, work, "after Harmonia's phases", "ae-save-floor"), null));
            }
            if (!writes.isEmpty()) {
                checkWrites(server.baseUrl(), users, tokens, answeredBySubject);
            }
            sqlOfOneRequest(server, db, users.get(0), tokens.get(0), bodies.get(0), runId, work);
            verdict(writes, reads, rounds);
        } finally {
            if (!settings.keep()) {
                Machine.deleteTree(work);
            }
        }
    }

    /**
     * Adverse events a site reports in a multiple sclerosis trial, as the API takes them (strings, numbers and
     * booleans), serialised once so the loop sends ready bodies. Dates lie within the subjects' five weeks on study.
     */
    static List<String> adverseEvents(boolean serious) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<Map<String, Object>> events = new ArrayList<>();
        if (serious) {
            Map<String, Object> e = event("pneumonia", "Infections and infestations", today.minusDays(6), null, "severe", 3, "unlikely",
                    "recovering");
            e.put("serious", true);
            e.put("sc_hospitalisation", true);
            e.put("action_taken", "not applicable");
            events.add(e);
        } else {
            events.add(event("headache", "Nervous system disorders", today.minusDays(20), today.minusDays(19), "mild", 1, "possible", "recovered"));
            events.add(event("fatigue", "General disorders and administration site conditions", today.minusDays(18), null, "mild", 1,
                    "possible", "recovering"));
            events.add(event("nasopharyngitis", "Infections and infestations", today.minusDays(25), today.minusDays(18), "mild", 1,
                    "not related", "recovered"));
            events.add(event("nausea", "Gastrointestinal disorders", today.minusDays(30), today.minusDays(29), "mild", 1, "unlikely",
                    "recovered"));
            events.add(event("back pain", "Musculoskeletal and connective tissue disorders", today.minusDays(14), today.minusDays(7),
                    "moderate", 2, "not related", "recovered"));
            events.add(event("urinary tract infection", "Infections and infestations", today.minusDays(12), today.minusDays(5),
                    "moderate", 2, "unlikely", "recovered"));
            events.add(event("pain at the bone-marrow harvest site", "Injury, poisoning and procedural complications",
                    today.minusDays(33), today.minusDays(30), "mild", 1, "definite", "recovered"));
            events.add(event("insomnia", "Psychiatric disorders", today.minusDays(10), null, "mild", 1, "not related", "not recovered"));
        }
        return events.stream().map(e -> JSON.writeValueAsString(Map.of("values", e))).toList();
    }

    private static Map<String, Object> event(String term, String soc, LocalDate onset, LocalDate end, String severity, int grade,
                                             String relatedness, String outcome) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("verbatim_term", term);
        v.put("soc", soc);
        v.put("onset_date", onset.toString());
        if (end != null) {
            v.put("end_date", end.toString());
        }
        v.put("severity", severity);
        v.put("ctcae_grade", grade);
        v.put("serious", false);
        v.put("relatedness", relatedness);
        v.put("action_taken", "none");
        v.put("outcome", outcome);
        return v;
    }

    /**
     * One client's loop: its own HTTP connection and token, no think time, a request after each answer. Only 200 and
     * 201 count as answered; any other status, or none (-1), is an error tallied by status. Answers are read to
     * their end and dropped ({@link KeepAliveConnection}), so the client's CPU stays small next to the server's.
     */
    private abstract static class Worker implements Runnable {
        final KeepAliveConnection http;
        final String authorization;
        final Latencies measured = new Latencies();
        final Map<Integer, Long> errorsByStatus = new TreeMap<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        long measureFrom;
        long end;
        long warmUpErrors;
        /** Requests answered 200 or 201, warm-up included: what the database must hold afterwards. */
        long answered;

        Worker(String base, String token) {
            this.http = new KeepAliveConnection(URI.create(base), TIMEOUT);
            this.authorization = "Authorization: Bearer " + token + "\r\n";
        }

        /** Sends the next request on the worker's connection and returns the answer's status. */
        abstract int sendNext() throws IOException;

        @Override
        public void run() {
            try {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = sendNext();
                    } catch (IOException e) {
                        status = -1;
                    }
                    long elapsed = System.nanoTime() - t0;
                    boolean ok = status == 200 || status == 201;
                    if (ok) {
                        answered++;
                    }
                    if (t0 >= measureFrom && t0 < end) {
                        measured.record(elapsed);
                        if (!ok) {
                            measured.error();
                            errorsByStatus.merge(status, 1L, Long::sum);
                        }
                    } else if (!ok) {
                        warmUpErrors++;
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                http.close();
            }
        }
    }

    /** A site coordinator saving adverse events for its own subject, each with a key of its own. */
    private static final class Writer extends Worker {
        final String subject;
        private final String path;
        private final List<byte[]> bodies;
        private final byte[] serious;
        private final int seriousEvery;
        private final String keyPrefix;
        private int sent;

        Writer(String base, String token, String subject, List<String> bodies, String serious, int seriousEvery, String keyPrefix) {
            super(base, token);
            this.subject = subject;
            this.path = "/api/studies/" + STUDY + "/subjects/" + subject + "/adverse-events";
            this.bodies = bodies.stream().map(b -> b.getBytes(StandardCharsets.UTF_8)).toList();
            this.serious = serious.getBytes(StandardCharsets.UTF_8);
            this.seriousEvery = seriousEvery;
            this.keyPrefix = keyPrefix;
        }

        @Override
        int sendNext() throws IOException {
            sent++;
            byte[] body = seriousEvery > 0 && sent % seriousEvery == 0 ? serious : bodies.get(sent % bodies.size());
            return http.send("POST", path, authorization
                    + "Content-Type: application/json\r\nAccept: application/json\r\n"
                    + "Idempotency-Key: bench-" + keyPrefix + "-" + sent + "\r\n", body);
        }
    }

    /** A site coordinator reading the subjects of its site in turn. */
    private static final class Reader extends Worker {
        private final List<String> paths;
        private int sent;

        Reader(String base, String token, List<String> subjectIds, int offset) {
            super(base, token);
            this.paths = subjectIds.stream().map(id -> "/api/studies/" + STUDY + "/subjects/" + id).toList();
            this.sent = offset;
        }

        @Override
        int sendNext() throws IOException {
            return http.send("GET", paths.get(sent++ % paths.size()), authorization + "Accept: application/json\r\n", null);
        }
    }

    /** The first seconds of a round's writers, on a server that has been saving for minutes, are not counted. */
    static final int ROUND_WARM_UP = 5;

    private static List<Worker> writers(int n, String base, List<String> tokens, List<SiteUser> users, List<String> bodies, String serious,
                                        Settings settings, String keyPrefix) {
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            workers.add(new Writer(base, tokens.get(i), users.get(i).ownSubject(), bodies, serious, settings.seriousEvery(),
                    keyPrefix + "-" + i));
        }
        return workers;
    }

    /** pgbench's rate and, right after it, the target writers' (null when the run has no rounds). */
    record Round(PgbenchAnchor.Result anchor, PhaseResult writers) {
        double ratio() {
            return writers.summary().perSecond() / anchor.tps();
        }
    }

    /** One phase's figures over its measured window. */
    record PhaseResult(String key, int clients, Latencies.Summary summary, Map<Integer, Long> errorsByStatus, Cpu cpu) {
    }

    /** Runs the workers through the warm-up and the measured window; CPU and the optional flight recording cover the window only. */
    private static PhaseResult phase(String key, String name, String description, List<Worker> workers, Settings settings,
                                     DemoServer server) throws Exception {
        System.out.println();
        System.out.println(description);
        long measureFrom = System.nanoTime() + settings.warmUp() * 1_000_000_000L;
        long end = measureFrom + settings.duration() * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            Worker w = workers.get(i);
            w.measureFrom = measureFrom;
            w.end = end;
            Thread t = new Thread(w, key + "-" + (i + 1));
            threads.add(t);
            t.start();
        }
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        String loadAtStart = Machine.loadAverage();
        Cpu before = Cpu.now(server);
        Path jfr = settings.jfr() == null ? null : settings.jfrFor(key);
        if (jfr != null) {
            Machine.jcmd(server.pid(), "JFR.start", "name=" + key, "settings=" + recordingSettings(jfr), "filename=" + jfr);
        }
        for (Thread t : threads) {
            t.join();
        }
        Cpu used = Cpu.now(server).minus(before);
        if (jfr != null) {
            Machine.jcmd(server.pid(), "JFR.stop", "name=" + key);
        }
        for (Worker w : workers) {
            if (w.failure.get() != null) {
                throw new IllegalStateException(key + " stopped: " + w.failure.get(), w.failure.get());
            }
        }
        Latencies.Summary summary = Latencies.merge(workers.stream().map(w -> w.measured).toList()).summary(name, settings.duration());
        Map<Integer, Long> errors = new TreeMap<>();
        workers.forEach(w -> w.errorsByStatus.forEach((status, n) -> errors.merge(status, n, Long::sum)));
        System.out.println("load average at the start of the measured window: " + loadAtStart + "; at its end: " + Machine.loadAverage());
        System.out.println(Latencies.Summary.header());
        System.out.println(summary.line());
        System.out.println("errors by status: " + (errors.isEmpty() ? "none" : errors.entrySet().stream()
                .map(e -> (e.getKey() == -1 ? "no answer" : e.getKey().toString()) + " x" + e.getValue()).collect(Collectors.joining(", ")))
                + "; errors during the warm-up: " + workers.stream().mapToLong(w -> w.warmUpErrors).sum());
        long n = Math.max(1, summary.requests());
        System.out.printf(Locale.ROOT, "CPU used in the measured window (%d s x %d cores = %d core-s): server JVM %.1f s, PostgreSQL %.1f s, "
                        + "this client %.1f s; per request: server %.2f ms, PostgreSQL %.2f ms, client %.2f ms%n", settings.duration(),
                Runtime.getRuntime().availableProcessors(), settings.duration() * Runtime.getRuntime().availableProcessors(),
                used.server(), used.database(), used.client(), 1000 * used.server() / n, 1000 * used.database() / n, 1000 * used.client() / n);
        if (jfr != null) {
            System.out.println("flight recording of the measured window: " + jfr);
        }
        return new PhaseResult(key, workers.size(), summary, errors, used);
    }

    /**
     * The JDK's {@code profile} settings with Java code sampled every 2 ms instead of 10: the request threads spend
     * most of a short window waiting on the database, and at 10 ms a 20 s window gives too few samples to rank methods.
     * Written beside the recording; the plain {@code profile} if the JDK's file is not where it is expected.
     */
    private static String recordingSettings(Path jfr) throws IOException {
        Path profile = Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc");
        if (!Files.isRegularFile(profile)) {
            return "profile";
        }
        String faster = Files.readString(profile, StandardCharsets.UTF_8)
                .replace("control=\"method-sampling-java-interval\">10 ms<", "control=\"method-sampling-java-interval\">2 ms<");
        Path settings = jfr.resolveSibling(jfr.getFileName() + ".jfc");
        Files.writeString(settings, faster, StandardCharsets.UTF_8);
        return settings.toString();
    }

    /**
     * Every save answered must be in the database, once: each writer's subject (its own, which nobody else writes)
     * holds exactly as many adverse events as saves answered 200 or 201 in all the phases, warm-ups included.
     */
    private static void checkWrites(String base, List<SiteUser> users, List<String> tokens, Map<String, Long> answeredBySubject)
            throws IOException, InterruptedException {
        int ok = 0;
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            String subject = users.get(i).ownSubject();
            Long expected = answeredBySubject.get(subject);
            if (expected == null) {
                continue;
            }
            Api api = Api.withToken(base, tokens.get(i));
            long stored = 0;
            for (JsonNode r : api.get("/api/studies/" + STUDY + "/subjects/" + subject + "/forms")) {
                if (r.path("formId").asString().equals("adverse_event")) {
                    stored++;
                }
            }
            if (stored == expected) {
                ok++;
            } else {
                wrong.add(subject + " holds " + stored + " adverse events, " + expected + " saves were answered");
            }
        }
        System.out.println();
        System.out.printf("writes checked through the API: %d of %d subjects hold exactly as many adverse events as saves answered "
                + "(%d saves in all phases, warm-ups included)%s%n", ok, answeredBySubject.size(),
                answeredBySubject.values().stream().mapToLong(Long::longValue).sum(), wrong.isEmpty() ? "" : ": " + String.join("; ", wrong));
    }

    /**
     * pgbench on the same PostgreSQL with as many clients as the largest writer phase (at least 16): per transaction an
     * adverse event's form row and one audit row of the sizes a save writes, into scratch copies of {@code form_record} and
     * {@code audit_log} (columns, defaults, identity, checks and indexes; not the audit log's hash-chain trigger nor the
     * foreign keys), dropped afterwards: the real audit trail is never touched.
     */
    private static PgbenchAnchor.Result anchor(int db, Settings settings, List<SiteUser> users, Path work, String when, String name)
            throws Exception {
        int clients = Math.max(TARGET_WRITERS, settings.writers().stream().mapToInt(Integer::intValue).max().orElse(0));
        System.out.println();
        System.out.println("Anchor, the database's rate, " + when + ": pgbench, " + clients + " clients, prepared statements, per "
                + "transaction an adverse event's form row and one audit row into scratch copies of form_record and audit_log, "
                + settings.anchorDuration() + " s");
        Psql.run(db, "drop table if exists bench_form_record, bench_audit_log", "drop sequence if exists bench_audit_seq",
                "create table bench_form_record (like form_record including all)",
                "create table bench_audit_log (like audit_log including all)",
                // the copied check allows a row without a previous hash only as row 1; every scratch row has one
                "create sequence bench_audit_seq start 2");
        try {
            List<String> subjects = users.stream().map(SiteUser::ownSubject).toList();
            PgbenchAnchor.Result r = PgbenchAnchor.run(db, clients, settings.anchorDuration(), name, anchorScript(subjects), work);
            Latencies.Summary s = r.latencies().summary("pgbench form + audit INSERT", settings.anchorDuration());
            System.out.println(Latencies.Summary.header());
            System.out.println(s.line());
            System.out.printf(Locale.ROOT, "pgbench tps %.1f; its script: %s (kept with --keep)%n", r.tps(),
                    work.resolve("pgbench/" + name + ".sql"));
            System.out.println("load average: " + Machine.loadAverage());
            return r;
        } finally {
            Psql.run(db, "drop table if exists bench_form_record, bench_audit_log", "drop sequence if exists bench_audit_seq");
        }
    }

    /** The two INSERTs, with the form row's values as Harmonia stores a headache (choices and booleans as text). */
    static String anchorScript(List<String> subjects) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<String, Object> stored = new LinkedHashMap<>(event("headache", "Nervous system disorders", today.minusDays(20),
                today.minusDays(19), "mild", 1, "possible", "recovered"));
        stored.replaceAll((k, v) -> v instanceof Boolean b ? (b ? "yes" : "no") : v.toString());
        String data = JSON.writeValueAsString(stored).replace("'", "''");
        String ids = subjects.stream().map(s -> "'" + s.replace("'", "''") + "'").collect(Collectors.joining(",", "array[", "]::text[]"));
        String hash = "md5(random()::text) || md5(random()::text)";
        return String.join("\n",
                "\\set s random(1, " + subjects.size() + ")",
                "begin;",
                "insert into bench_form_record (study_id, subject_id, visit_id, form_id, repeating, data, warnings, created_by, updated_by) "
                        + "values ('" + STUDY + "', (" + ids + ")[:s], null, 'adverse_event', true, cast('" + data + "' as jsonb), "
                        + "cast('[]' as jsonb), 'bench.coordinator.01', 'bench.coordinator.01') returning id \\gset",
                "insert into bench_audit_log (seq, recorded_at, actor, action, study_id, site_id, entity_type, entity_id, field, old_value, "
                        + "new_value, reason, prev_hash, hash) values (nextval('bench_audit_seq'), clock_timestamp(), 'bench.coordinator.01', "
                        + "'INSERT', '" + STUDY + "', '07', 'form_record', :id, 'verbatim_term', null, 'headache', null, " + hash + ", " + hash + ");",
                "end;",
                "");
    }

    /** One adverse event saved and one subject read with every statement logged, untimed; the statements counted by kind. */
    private static void sqlOfOneRequest(DemoServer server, int db, SiteUser user, String token, String body, String runId, Path work)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI save = URI.create(server.baseUrl() + "/api/studies/" + STUDY + "/subjects/" + user.ownSubject() + "/adverse-events");
        URI read = URI.create(server.baseUrl() + "/api/studies/" + STUDY + "/subjects/" + user.ownSubject());
        StatementLog log = StatementLog.start(db, server.dataDir());
        String a;
        String b;
        String c;
        int saved;
        int got;
        try {
            a = log.mark();
            saved = http.send(HttpRequest.newBuilder(save).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("Idempotency-Key", "bench-" + runId + "-sql").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            b = log.mark();
            got = http.send(HttpRequest.newBuilder(read).header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            c = log.mark();
        } finally {
            log.stop();
        }
        Path dir = Files.createDirectories(work.resolve("sql"));
        System.out.println();
        System.out.println("SQL of one request (log_statement=all around it, from PostgreSQL's log; files in " + dir + "):");
        report("AE save (POST), answered " + saved, log.between(a, b), dir.resolve("ae-save.txt"));
        report("subject GET, answered " + got, log.between(b, c), dir.resolve("subject-get.txt"));
    }

    private static void report(String name, List<String> statements, Path file) throws IOException {
        Files.write(file, statements, StandardCharsets.UTF_8);
        System.out.printf("%s: %d statements that do work, %d commits, %d lines in all%n", name, StatementLog.working(statements),
                StatementLog.commits(statements), statements.size());
        StatementLog.tally(statements).forEach((s, n) -> System.out.printf("  %4d  %s%n", n, s));
    }

    /** The ratios to pgbench and the targets of issue 11, for this run. */
    private static void verdict(List<PhaseResult> writes, List<PhaseResult> reads, List<Round> rounds) {
        double anchorTps = Median.of(rounds.stream().mapToDouble(r -> r.anchor().tps()).toArray());
        System.out.println();
        System.out.printf(Locale.ROOT, "Ratios of the phases above to pgbench's two-INSERT rate, %.1f tps (%s of %s):%n", anchorTps,
                rounds.size() == 1 ? "the one run" : "the median", rounds.stream().map(r -> String.format(Locale.ROOT, "%.1f",
                        r.anchor().tps())).collect(Collectors.joining(", ")));
        for (PhaseResult w : writes) {
            System.out.printf(Locale.ROOT, "  %-32s %8.1f writes/s = %5.1f%% of pgbench's rate; p99 %.1f ms%n", w.summary().name(),
                    w.summary().perSecond(), 100 * w.summary().perSecond() / anchorTps, w.summary().p99());
        }
        for (PhaseResult r : reads) {
            System.out.printf(Locale.ROOT, "  %-32s %8.1f reads/s; p99 %.1f ms%n", r.summary().name(), r.summary().perSecond(), r.summary().p99());
        }
        String writeTarget = String.format(Locale.ROOT, "Target (issue 11): %d writers save at least %.0f%% of pgbench's rate with p99 "
                + "under %.0f ms and no errors, ", TARGET_WRITERS, 100 * TARGET_SHARE_OF_PGBENCH, TARGET_WRITE_P99_MS);
        if (rounds.get(0).writers() == null) {
            System.out.println(writeTarget + "judged on rounds: not run (--writers without " + TARGET_WRITERS + ", or --rounds 0)");
        } else {
            System.out.println("Rounds, pgbench then " + TARGET_WRITERS + " writers back to back:");
            for (int i = 0; i < rounds.size(); i++) {
                Round r = rounds.get(i);
                System.out.printf(Locale.ROOT, "  round %d: pgbench %.1f tps, %d writers %.1f writes/s = %.1f%%, p99 %.1f ms, %d errors%n",
                        i + 1, r.anchor().tps(), TARGET_WRITERS, r.writers().summary().perSecond(), 100 * r.ratio(),
                        r.writers().summary().p99(), r.writers().summary().errors());
            }
            double ratio = Median.of(rounds.stream().mapToDouble(Round::ratio).toArray());
            double worstP99 = rounds.stream().mapToDouble(r -> r.writers().summary().p99()).max().orElseThrow();
            long errors = rounds.stream().mapToLong(r -> r.writers().summary().errors()).sum();
            boolean met = ratio >= TARGET_SHARE_OF_PGBENCH && worstP99 < TARGET_WRITE_P99_MS && errors == 0;
            System.out.println(writeTarget + "judged on the rounds' median ratio: " + (met ? "met" : "NOT met")
                    + String.format(Locale.ROOT, " (median %.1f%%, worst p99 %.1f ms, %d errors)", 100 * ratio, worstP99, errors));
        }
        System.out.println(String.format(Locale.ROOT, "Target (issue 11): %d clients read at least %.0f subjects/s with no errors: ",
                TARGET_READERS, TARGET_READS_PER_SECOND) + reads.stream().filter(r -> r.clients() == TARGET_READERS).findFirst()
                .map(r -> (r.summary().perSecond() >= TARGET_READS_PER_SECOND && r.summary().errors() == 0 ? "met" : "NOT met")
                        + String.format(Locale.ROOT, " (%.1f reads/s, %d errors)", r.summary().perSecond(), r.summary().errors()))
                .orElse("not run (--readers without " + TARGET_READERS + ")"));
    }

}
