package org.harmonia.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Harmonia started as a user starts it, {@code ./harmonia demo}, on a free port and a data directory of its own:
 * the launcher, the packaged jar, the embedded PostgreSQL and the demo cohort loaded through the services; and,
 * for measuring durable writes, the same database then served by {@code ./harmonia serve}.
 */
final class DemoServer implements AutoCloseable {
    /** The line the demo prints once the cohort is loaded and it is serving. */
    private static final String READY = "The demo database lives in";

    private static final HttpClient HEALTH = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final Path dataDir;
    private final Path log;

    private DemoServer(Process process, int port, Path dataDir, Path log) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
    }

    /**
     * Starts the demo with the launcher and waits until it has loaded its cohort. The launcher's environment is this
     * process's, so {@code HARMONIA_JAVA_OPTS} set for the benchmark reaches the server's JVM.
     */
    static DemoServer start(Path launcher, Path workDir) throws IOException, InterruptedException {
        int port = freePort();
        Path dataDir = workDir.resolve("demo");
        return launch(List.of(launcher.toString(), "demo", "--port", Integer.toString(port), "--data-dir", dataDir.toString()),
                port, dataDir, workDir.resolve("server.log"), READY, "");
    }

    /**
     * Stops this demo and serves its database with {@code ./harmonia serve --data-dir} on a new free port, as a site
     * runs Harmonia: the demo's embedded PostgreSQL runs with a test database's settings (fsync and synchronous commit
     * off), {@code serve} turns them on. Ready when its health check answers 200; its output goes to {@code serve.log}.
     */
    DemoServer serveDurably(Path launcher, Path workDir, String extraJavaOptions) throws IOException, InterruptedException {
        close();
        int newPort = freePort();
        return launch(List.of(launcher.toString(), "serve", "--port", Integer.toString(newPort), "--data-dir", dataDir.toString()),
                newPort, dataDir, workDir.resolve("serve.log"), null, extraJavaOptions);
    }

    /**
     * Runs the launcher and waits for the line {@code ready} or, without one, for the health check to answer 200.
     * {@code extraJavaOptions} go to the server's JVM after those of {@code HARMONIA_JAVA_OPTS}.
     */
    private static DemoServer launch(List<String> command, int port, Path dataDir, Path log, String ready, String extraJavaOptions)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (!extraJavaOptions.isBlank()) {
            pb.environment().merge("HARMONIA_JAVA_OPTS", extraJavaOptions, (mine, extra) -> mine + " " + extra);
        }
        Process p = pb.start();
        CountDownLatch readyLine = new CountDownLatch(1);
        Deque<String> tail = new ArrayDeque<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.println(line);
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 40) {
                            tail.removeFirst();
                        }
                    }
                    if (ready != null && line.startsWith(ready)) {
                        readyLine.countDown();
                    }
                }
            } catch (IOException e) {
                // the server's output ended with the server; what it said is in the log so far
            }
        }, "server-output");
        pump.setDaemon(true);
        pump.start();
        // the launcher may build the jar first (a minute or two), then the demo loads its cohort (about 10 s)
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (ready != null ? !readyLine.await(1, TimeUnit.SECONDS) : !healthy(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroy();
                synchronized (tail) {
                    throw new IllegalStateException("Harmonia did not start (see " + log + "):\n" + String.join("\n", tail));
                }
            }
        }
        return new DemoServer(p, port, dataDir, log);
    }

    private static boolean healthy(int port) throws InterruptedException {
        try {
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).build();
            if (HEALTH.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                return true;
            }
        } catch (IOException e) {
            // not listening yet
        }
        Thread.sleep(500);
        return false;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** The server's JVM: the launcher replaces itself with {@code java}, so this is the process started. */
    long pid() {
        return process.pid();
    }

    /** The embedded PostgreSQL's data directory. */
    Path dataDir() {
        return dataDir;
    }

    Path log() {
        return log;
    }

    /** The embedded PostgreSQL's port, from its {@code postmaster.pid} (fourth line). */
    int databasePort() throws IOException {
        List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
        return Integer.parseInt(lines.get(3).strip());
    }

    /** The embedded PostgreSQL's server process (the postmaster; its backends are its children), first line of the same file. */
    long databasePid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Stops the server as Ctrl+C does, so that it stops its PostgreSQL too; forcibly only if it hangs. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            // a JVM killed outright leaves its PostgreSQL running on the directory: stop that one server
            Path pidFile = dataDir.resolve("postmaster.pid");
            if (Files.isRegularFile(pidFile)) {
                long pg = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
                ProcessHandle.of(pg).ifPresent(ProcessHandle::destroy);
            }
        }
    }
}
