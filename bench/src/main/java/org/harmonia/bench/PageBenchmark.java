package org.harmonia.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.harmonia.bench.SiteCoordinators.SiteUser;

/**
 * The site pages under load: Harmonia started as {@code ./harmonia demo} (packaged jar, embedded PostgreSQL, demo
 * cohort), site coordinators signed in through the sign-in form, each looping with no think time over the site
 * dashboard, a subject page of its site and a form save (a correction with its reason of the week-4 MRI form of
 * a subject of its own, through the page with its CSRF token). In the same run, the anchors: a static asset at
 * the same concurrency (the floor of the web stack) and pgbench running a subject page's SQL (the database's).
 *
 * <p>Options: {@code --users 16 --warmup 60 --duration 30 --anchor-duration 30 --harmonia ../harmonia
 * --jfr FILE --keep}. The run's files (server log, pgbench script and logs, demo database with {@code --keep})
 * are in a temporary directory it prints.
 */
public final class PageBenchmark {
    /** The target of issue 10: each page's 95th percentile under 100 ms with 16 signed-in users. */
    static final double TARGET_P95_MS = 100;

    private static final Pattern VERSION = Pattern.compile("name=\"version\"\\s+value=\"(\\d+)\"");

    private PageBenchmark() {
    }

    /** The run's settings; durations in seconds. */
    record Settings(int users, int warmUp, int duration, int anchorDuration, Path launcher, Path jfr, boolean keep) {
        Settings {
            if (users < 1 || warmUp < 0 || duration < 1 || anchorDuration < 1) {
                throw new IllegalArgumentException("users and durations must be positive (warm-up may be 0)");
            }
        }

        static Settings parse(String[] args) {
            Options o = Options.parse(args);
            Settings s = new Settings(o.integer("users", 16), o.integer("warmup", 60), o.integer("duration", 30),
                    o.integer("anchor-duration", 30), o.launcher(), o.path("jfr"), o.keep());
            o.refuseAllBut("users", "warmup", "duration", "anchor-duration", "harmonia", "jfr");
            return s;
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Path work = Files.createTempDirectory("harmonia-page-bench-");
        System.out.println("Harmonia page benchmark: " + settings.users() + " signed-in site users, no think time; "
                + settings.warmUp() + " s warm-up, " + settings.duration() + " s measured; files in " + work);
        System.out.println("machine: " + Machine.describe());
        System.out.println("load average before the start: " + Machine.loadAverage());
        long started = System.nanoTime();
        try (DemoServer server = DemoServer.start(settings.launcher(), work)) {
            System.out.printf(Locale.ROOT, "server: ./harmonia demo at %s, pid %d, serving with its cohort after %.1f s%n",
                    server.baseUrl(), server.pid(), (System.nanoTime() - started) / 1e9);
            List<SiteUser> users = SiteCoordinators.prepare(server.baseUrl(), settings.users());
            List<Browser> browsers = signIn(server.baseUrl(), users);
            PageResults run = pageRun(settings, server, users, browsers);
            Map<String, Latencies.Summary> pages = run.summaries();
            System.out.println("load average after the pages: " + Machine.loadAverage());
            System.out.printf("writes checked: %d of %d users' MRI records stand at 1 + the saves answered as saved%n",
                    checkWrites(users, browsers, run), users.size());

            System.out.println();
            System.out.println("Anchor 1, the web stack's floor: GET /css/harmonia.css, same users and sessions, "
                    + Math.min(5, settings.warmUp()) + " s warm-up, " + settings.anchorDuration() + " s measured");
            Latencies.Summary css = staticRun(settings, server, browsers);
            System.out.println(Latencies.Summary.header());
            System.out.println(css.line());
            System.out.println("load average: " + Machine.loadAverage());

            System.out.println();
            System.out.println("Anchor 2, the database's floor: pgbench, " + settings.users() + " clients, the SQL of one subject page "
                    + "per transaction (6 statements), " + settings.anchorDuration() + " s");
            List<String> subjects = users.stream().flatMap(u -> u.siteSubjects().stream()).distinct().toList();
            PgbenchAnchor.Result pg = PgbenchAnchor.run(server.databasePort(), settings.users(), settings.anchorDuration(),
                    users.stream().map(SiteUser::userId).toList(), subjects, work);
            Latencies.Summary pgSummary = pg.latencies().summary("pgbench subject-page SQL", settings.anchorDuration());
            System.out.println(Latencies.Summary.header());
            System.out.println(pgSummary.line());
            System.out.printf(Locale.ROOT, "pgbench tps %.1f; its script: %s (kept with --keep)%n", pg.tps(),
                    work.resolve("pgbench/subject-page.sql"));
            System.out.println("load average: " + Machine.loadAverage());

            ratios(pages, css, pg);
        } finally {
            if (!settings.keep()) {
                Machine.deleteTree(work);
            }
        }
    }

    /** Every user signs in through the sign-in form, then saves its MRI form once (the record the loop corrects). */
    static List<Browser> signIn(String base, List<SiteUser> users) throws IOException, InterruptedException {
        List<Browser> browsers = new ArrayList<>();
        for (SiteUser u : users) {
            Browser b = new Browser(base);
            b.signIn(u.username(), SiteCoordinators.BENCH_PASSWORD);
            b.open(u.form());
            HttpResponse<String> first = b.submit(u.form(), mriValues(null, 1));
            if (first.statusCode() != 302) {
                throw new IllegalStateException("the first save of " + u.form() + " was refused: " + first.statusCode()
                        + " " + first.body().substring(0, Math.min(2000, first.body().length())));
            }
            b.open(u.form());
            browsers.add(b);
        }
        return browsers;
    }

    /** The MRI form as the page posts it: every field; with a version, a correction with its reason. */
    static Map<String, String> mriValues(Integer version, int gelCount) {
        Map<String, String> f = new LinkedHashMap<>();
        if (version != null) {
            f.put("version", version.toString());
        }
        f.put("values.scan_date", LocalDate.now(ZoneOffset.UTC).minusDays(7).toString());
        f.put("values.field_strength", "3 T");
        f.put("values.gel_count", Integer.toString(gelCount));
        f.put("values.new_enlarging_t2_count", "2");
        f.put("values.centrally_read", "no");
        if (version != null) {
            f.put("reason", "lesion count re-read from the scan (correction " + version + ")");
        }
        return f;
    }

    /** The measured loop of one user: what each request is, and whether its answer is the one a browser expects. */
    private static final class PageLoop implements Runnable {
        private final SiteUser user;
        private final Browser browser;
        private final long measureFrom;
        private final long end;
        final Latencies dashboard = new Latencies();
        final Latencies subject = new Latencies();
        final Latencies save = new Latencies();
        long warmUpErrors;
        int version = 1;
        int savesAnswered;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        PageLoop(SiteUser user, Browser browser, long measureFrom, long end) {
            this.user = user;
            this.browser = browser;
            this.measureFrom = measureFrom;
            this.end = end;
        }

        @Override
        public void run() {
            try {
                for (int i = 0; System.nanoTime() < end; i++) {
                    timed(dashboard, user.dashboard(), null, 200);
                    timed(subject, user.subjectPage(i + user.username().hashCode()), null, 200);
                    // each correction changes the lesion count, so there is always something to save
                    boolean saved = timed(save, user.form(), mriValues(version, version % 2 == 1 ? 2 : 1), 302);
                    if (saved) {
                        version++;
                        savesAnswered++;
                    } else {
                        version = storedVersion(browser, user);
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        /** One request, timed; true when it got the expected status (any other, or no answer, counts as an error). */
        private boolean timed(Latencies into, String path, Map<String, String> form, int expected) throws InterruptedException {
            long t0 = System.nanoTime();
            int status;
            try {
                HttpResponse<String> r = form == null ? browser.get(path) : browser.submit(path, form);
                status = r.statusCode();
            } catch (IOException e) {
                status = -1;
            }
            long elapsed = System.nanoTime() - t0;
            boolean ok = status == expected;
            if (t0 >= measureFrom && t0 < end) {
                into.record(elapsed);
                if (!ok) {
                    into.error();
                }
            } else if (!ok) {
                warmUpErrors++;
            }
            return ok;
        }
    }

    private static int storedVersion(Browser b, SiteUser u) throws IOException, InterruptedException {
        Matcher m = VERSION.matcher(b.open(u.form()).body());
        if (!m.find()) {
            throw new IllegalStateException("no version on " + u.form());
        }
        return Integer.parseInt(m.group(1));
    }

    /** The page run: a summary per request, and per user the saves answered as saved. */
    record PageResults(Map<String, Latencies.Summary> summaries, List<Integer> savesAnswered) {
    }

    private static PageResults pageRun(Settings settings, DemoServer server, List<SiteUser> users, List<Browser> browsers)
            throws Exception {
        long now = System.nanoTime();
        long measureFrom = now + settings.warmUp() * 1_000_000_000L;
        long end = measureFrom + settings.duration() * 1_000_000_000L;
        List<PageLoop> loops = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            PageLoop loop = new PageLoop(users.get(i), browsers.get(i), measureFrom, end);
            loops.add(loop);
            Thread t = new Thread(loop, "user-" + (i + 1));
            threads.add(t);
            t.start();
        }
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        String loadAtStart = Machine.loadAverage();
        Cpu before = Cpu.now(server);
        if (settings.jfr() != null) {
            Machine.jcmd(server.pid(), "JFR.start", "name=pages", "settings=profile", "filename=" + settings.jfr());
        }
        for (Thread t : threads) {
            t.join();
        }
        Cpu used = Cpu.now(server).minus(before);
        if (settings.jfr() != null) {
            Machine.jcmd(server.pid(), "JFR.stop", "name=pages");
        }
        for (PageLoop l : loops) {
            if (l.failure.get() != null) {
                throw new IllegalStateException(l.user.username() + " stopped: " + l.failure.get(), l.failure.get());
            }
        }
        Map<String, Latencies.Summary> out = new LinkedHashMap<>();
        out.put("site dashboard (GET)", Latencies.merge(loops.stream().map(l -> l.dashboard).toList())
                .summary("site dashboard (GET)", settings.duration()));
        out.put("subject page (GET)", Latencies.merge(loops.stream().map(l -> l.subject).toList())
                .summary("subject page (GET)", settings.duration()));
        out.put("form save (POST)", Latencies.merge(loops.stream().map(l -> l.save).toList())
                .summary("form save (POST)", settings.duration()));
        System.out.println();
        System.out.println("Pages: each user loops over its site dashboard, a subject page of its site and a correction of its MRI form");
        System.out.println("load average at the start of the measured window: " + loadAtStart);
        System.out.println(Latencies.Summary.header());
        out.values().forEach(s -> System.out.println(s.line()));
        System.out.printf("errors during the warm-up: %d%n", loops.stream().mapToLong(l -> l.warmUpErrors).sum());
        long iterations = out.get("form save (POST)").requests();
        System.out.printf(Locale.ROOT, "CPU used in the measured window (%d s x %d cores = %d core-s): server JVM %.1f s, PostgreSQL %.1f s, "
                        + "this client %.1f s; per loop of three requests: server %.1f ms, PostgreSQL %.1f ms%n", settings.duration(),
                Runtime.getRuntime().availableProcessors(), settings.duration() * Runtime.getRuntime().availableProcessors(),
                used.server(), used.database(), used.client(), 1000 * used.server() / iterations, 1000 * used.database() / iterations);
        if (settings.jfr() != null) {
            System.out.println("flight recording of the measured window: " + settings.jfr());
        }
        return new PageResults(out, loops.stream().map(l -> l.savesAnswered).toList());
    }

    /** Every save answered as saved must be in the database: each user's record stands at 1 + its saves; returns how many do. */
    private static int checkWrites(List<SiteUser> users, List<Browser> browsers, PageResults run) throws IOException, InterruptedException {
        int ok = 0;
        for (int i = 0; i < users.size(); i++) {
            if (storedVersion(browsers.get(i), users.get(i)) == 1 + run.savesAnswered().get(i)) {
                ok++;
            }
        }
        return ok;
    }

    /** The same users and sessions fetching the stylesheet: security filters, session check and a static resource. */
    private static Latencies.Summary staticRun(Settings settings, DemoServer server, List<Browser> browsers)
            throws InterruptedException, IOException {
        long measureFrom = System.nanoTime() + Math.min(5, settings.warmUp()) * 1_000_000_000L;
        long end = measureFrom + settings.anchorDuration() * 1_000_000_000L;
        List<Latencies> parts = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (Browser b : browsers) {
            Latencies l = new Latencies();
            parts.add(l);
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = b.get("/css/harmonia.css").statusCode();
                        } catch (IOException e) {
                            status = -1;
                        }
                        if (t0 >= measureFrom) {
                            l.record(System.nanoTime() - t0);
                            if (status != 200) {
                                l.error();
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads.add(t);
            t.start();
        }
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        Cpu before = Cpu.now(server);
        for (Thread t : threads) {
            t.join();
        }
        Cpu used = Cpu.now(server).minus(before);
        Latencies.Summary summary = Latencies.merge(parts).summary("static /css/harmonia.css", settings.anchorDuration());
        System.out.printf(Locale.ROOT, "CPU used in the measured window: server JVM %.1f s, PostgreSQL %.1f s, this client %.1f s; "
                        + "per request: server %.2f ms, PostgreSQL %.2f ms%n", used.server(), used.database(), used.client(),
                1000 * used.server() / summary.requests(), 1000 * used.database() / summary.requests());
        return summary;
    }

    private static void ratios(Map<String, Latencies.Summary> pages, Latencies.Summary css, PgbenchAnchor.Result pg) {
        Latencies.Summary subject = pages.get("subject page (GET)");
        System.out.println();
        System.out.println("Ratios (same run):");
        for (Latencies.Summary s : pages.values()) {
            System.out.printf(Locale.ROOT, "  %-22s p95 %6.1f ms = %5.1f x the static asset's p95 (%.1f ms)%n", s.name(), s.p95(),
                    s.p95() / css.p95(), css.p95());
        }
        System.out.printf(Locale.ROOT, "  subject pages per second %.1f = %.1f%% of pgbench's rate for the same SQL (%.1f tps); "
                        + "static asset %.1f per second%n", subject.perSecond(), 100 * subject.perSecond() / pg.tps(), pg.tps(), css.perSecond());
        boolean met = pages.values().stream().allMatch(s -> s.p95() < TARGET_P95_MS && s.errors() == 0);
        System.out.println("Target (issue 10): p95 under " + (int) TARGET_P95_MS + " ms for the dashboard, the subject page and the form "
                + "save with " + "no errors: " + (met ? "met" : "NOT met") + " on this run");
    }

}
