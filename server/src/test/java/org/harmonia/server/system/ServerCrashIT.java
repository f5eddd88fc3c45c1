package org.harmonia.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged server as its own JVM ({@code harmonia serve} on a data directory), coordinators saving screenings in four
 * threads, and a crash under them: the embedded PostgreSQL's postmaster killed, then the Java process killed. Every
 * screening the server acknowledged (201) is in the database afterwards and the audit chain verifies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerCrashIT {
    private static final String STUDY = "/api/studies/mesems";
    private static final String PASSWORD = "crash test password";
    private static final Pattern SUBJECT_ID = Pattern.compile("\"id\"\\s*:\\s*\"(MES-[^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Path JAR = Path.of("target", "harmonia.jar").toAbsolutePath();

    private Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path data;
    private int port;
    private Process server;
    private int starts;
    private String token;
    private Duration firstStart;

    @BeforeAll
    void startServer() throws Exception {
        dir = Files.createTempDirectory("harmonia-crash-");
        data = dir.resolve("db");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = launch();
        firstStart = awaitServing(Duration.ofSeconds(120));
        addCoordinator();
        token = signIn();
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
        // a server that did not stop cleanly leaves its PostgreSQL behind
        java.util.Optional<ProcessHandle> stray = postmaster();
        if (stray.isPresent()) {
            stray.get().destroy();
            stray.get().onExit().get(30, TimeUnit.SECONDS);
        }
        org.springframework.util.FileSystemUtils.deleteRecursively(dir);
    }

    @Test
    @Order(1)
    void aPostmasterKilledWhileCoordinatorsSaveIsRestartedByTheServerAndNoAcknowledgedScreeningIsLost() throws Exception {
        ProcessHandle postmaster = postmaster().orElseThrow();
        try (Writers writers = new Writers(4)) {
            writers.awaitAcknowledged(20, Duration.ofSeconds(60));
            postmaster.destroyForcibly(); // SIGKILL: no shutdown, no checkpoint, sessions cut mid-transaction
            int atKill = writers.acknowledged.size();
            writers.awaitAcknowledged(atKill + 20, Duration.ofSeconds(60));
            writers.stop();
            assertThat(writers.unexpected).as("every answer is an acknowledgement or a 503; server log:\n" + serverLog()).isEmpty();
            assertThat(writers.unavailable.get()).as("some saves met the dead database").isPositive();
            assertPresent(writers.acknowledged);
        }
        assertThat(postmaster().orElseThrow().pid()).as("a new postmaster").isNotEqualTo(postmaster.pid());
        assertThat(server.isAlive()).as("the same Java process serves on").isTrue();
        String log = serverLog();
        assertThat(log.lines().filter(l -> l.contains("database unavailable since"))).as(log).hasSize(1);
        assertThat(log.lines().filter(l -> l.contains("database available again after"))).as(log).hasSize(1);
        assertThat(log).doesNotContain("\tat ");
        assertAuditChainIntact();
    }

    @Test
    @Order(2)
    void aJavaProcessKilledWhileCoordinatorsSaveServesAgainSoonAfterItsRestartAndNoAcknowledgedScreeningIsLost() throws Exception {
        List<String> acknowledged;
        try (Writers writers = new Writers(4)) {
            writers.awaitAcknowledged(20, Duration.ofSeconds(60));
            server.destroyForcibly(); // SIGKILL: its PostgreSQL is left running, holding the data directory
            server.waitFor();
            writers.stop();
            acknowledged = new ArrayList<>(writers.acknowledged);
        }
        long restarted = System.nanoTime();
        server = launch();
        Duration serving = awaitServing(Duration.ofSeconds(120));
        System.out.printf("serve answered again %.1f s after it was started on the killed server's data directory%n",
                serving.toMillis() / 1000.0);
        // Under 5 s on a quiet machine (docs/operations.md). The bound is for a busy build machine; where the machine is so
        // busy that even the first start took over 13 s, one and a half times that start (initdb and migrations included).
        // What the crash itself adds, stopping the PostgreSQL the killed JVM left running, is checked on its own.
        Duration bound = Duration.ofSeconds(20).compareTo(firstStart.multipliedBy(3).dividedBy(2)) > 0 ? Duration.ofSeconds(20)
                : firstStart.multipliedBy(3).dividedBy(2);
        assertThat(Duration.ofNanos(System.nanoTime() - restarted)).as("first start took %s; server log:%n%s", firstStart, serverLog())
                .isLessThan(bound);
        Matcher stopped = Pattern.compile("left running on .* stopped in (\\d+) ms").matcher(serverLog());
        assertThat(stopped.find()).as(serverLog()).isTrue();
        assertThat(Long.parseLong(stopped.group(1))).as("ms to stop the PostgreSQL left running").isLessThan(5000);
        assertPresent(acknowledged);
        assertAuditChainIntact();
        try (Writers after = new Writers(2)) {
            after.awaitAcknowledged(5, Duration.ofSeconds(30));
            after.stop();
            assertThat(after.unexpected).isEmpty();
        }
    }

    /** Threads saving screenings as a coordinator until stopped, keeping what the server answered. */
    private final class Writers implements AutoCloseable {
        final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        final java.util.concurrent.atomic.AtomicInteger unavailable = new java.util.concurrent.atomic.AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Writers(int count) throws IOException {
            String body = screening();
            for (int i = 0; i < count; i++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        save(body);
                    }
                }, "screening-writer-" + i);
                t.start();
                threads.add(t);
            }
        }

        private void save(String body) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + STUDY + "/screenings"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                Matcher id = SUBJECT_ID.matcher(r.body());
                if (r.statusCode() == 201 && id.find()) {
                    acknowledged.add(id.group(1));
                } else if (r.statusCode() == 503 && r.body().contains("database-unavailable")) {
                    unavailable.incrementAndGet();
                    pause(100);
                } else {
                    unexpected.add(r.statusCode() + " " + r.body());
                }
            } catch (IOException e) {
                // the server itself is gone (its JVM was killed): nothing was acknowledged
                if (server.isAlive()) {
                    unexpected.add(e.toString());
                }
                pause(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.set(false);
            }
        }

        void awaitAcknowledged(int count, Duration within) throws Exception {
            long deadline = System.nanoTime() + within.toNanos();
            while (acknowledged.size() < count) {
                assertThat(System.nanoTime()).as("%d screenings acknowledged within %s (got %d; unexpected %s); server log:%n%s",
                        count, within, acknowledged.size(), unexpected, serverLog()).isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(15));
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    private Process launch() throws IOException {
        starts++;
        return harmonia("serve", "--port", Integer.toString(port), "--data-dir", data.toString(),
                "--protocols", Path.of("..", "protocols").toAbsolutePath().normalize().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server-" + starts + ".log").toFile()).start();
    }

    /** The packaged command line, with a home of its own so nothing of the user running the test is touched. */
    private ProcessBuilder harmonia(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + dir.resolve("home"), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** Runs a command to its end; returns its exit code and output. */
    private String[] run(String input, String... args) throws Exception {
        Path out = Files.createTempFile(dir, "command-", ".out");
        Process p = harmonia(args).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try (var stdin = p.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new String[] {Integer.toString(p.exitValue()), Files.readString(out)};
    }

    /** The live postmaster named by the data directory's {@code postmaster.pid}. */
    private java.util.Optional<ProcessHandle> postmaster() throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return java.util.Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip())).filter(ProcessHandle::isAlive);
    }

    /** Waits until the server answers its health check UP, and returns how long that took. */
    private Duration awaitServing(Duration within) throws Exception {
        long started = System.nanoTime();
        long deadline = started + within.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        while (true) {
            try {
                if (http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(server.isAlive()).as("server running; its log:\n" + serverLog()).isTrue();
            assertThat(System.nanoTime()).as("server up within " + within + "; its log:\n" + serverLog()).isLessThan(deadline);
            Thread.sleep(25);
        }
    }

    private void addCoordinator() throws Exception {
        String[] r = run(PASSWORD + "\n", "user", "add", "crash.coordinator", "--name", "Crash Coordinator", "--password-stdin",
                "--role", "mesems:SITE_COORDINATOR:07", "--data-dir", data.toString());
        assertThat(r[0]).as(r[1]).isEqualTo("0");
    }

    private String signIn() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"crash.coordinator\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        Matcher m = TOKEN.matcher(r.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String screening() throws IOException {
        return Files.readString(Path.of("..", "docs", "examples", "api", "screening-eligible.json"));
    }

    /** Every acknowledged subject is in the database, read directly from the server's PostgreSQL. */
    private void assertPresent(java.util.Collection<String> acknowledged) throws Exception {
        assertThat(acknowledged).isNotEmpty();
        int pgPort = Integer.parseInt(Files.readAllLines(data.resolve("postmaster.pid")).get(3).strip());
        Set<String> found = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/postgres?user=postgres");
             PreparedStatement s = c.prepareStatement("select id from subject where study_id = 'mesems' and id = any(?)")) {
            Array ids = c.createArrayOf("text", acknowledged.toArray());
            s.setArray(1, ids);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        assertThat(found).as("acknowledged screenings in the database").containsExactlyInAnyOrderElementsOf(new HashSet<>(acknowledged));
    }

    private void assertAuditChainIntact() throws Exception {
        String[] r = run(null, "audit", "verify", "--data-dir", data.toString());
        assertThat(r[0]).as(r[1]).isEqualTo("0");
        assertThat(r[1]).contains("audit chain intact");
    }

    private String serverLog() {
        try {
            String log = Files.readString(dir.resolve("server-" + starts + ".log"));
            return log.length() > 20000 ? log.substring(log.length() - 20000) : log;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
