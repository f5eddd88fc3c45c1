package org.harmonia.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How long {@code ./harmonia serve} takes to serve again after its JVM was killed ({@code kill -9}, its embedded
 * PostgreSQL left running on the data directory), from the launcher's fast start (extracted jar and the archive of
 * a start's classes) and, as its anchor in the same run, from the packaged jar ({@code HARMONIA_FAST_START=0}). The two
 * alternate, so that other work on the machine weighs on both alike. Each start is timed from the process's start
 * until {@code /actuator/health} answers 200 (polled every 20 ms), with the CPU seconds the JVM used until then.
 *
 * <pre>java -cp "target/harmonia-bench.jar:target/lib/*" org.harmonia.bench.StartBenchmark [rounds] [launcher]</pre>
 */
public final class StartBenchmark {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private record Start(double seconds, double cpuSeconds) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path launcher = Path.of(args.length > 1 ? args[1] : "../harmonia").toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("harmonia-start-bench-");
        Path data = work.resolve("db");
        System.out.println("machine: " + Machine.describe());
        try {
            // builds the jar and makes the archive if needed, untimed
            run(new ProcessBuilder(launcher.toString(), "--version"), work.resolve("prepare.log"));
            // "aot <java>" (an ahead-of-time cache, JDK 25 or later) or "cds <java>" (a class-data-sharing archive)
            Path choice = launcher.getParent().resolve("server/target/run/java");
            System.out.println("fast start: " + (Files.exists(choice) ? Files.readString(choice).trim() : "not prepared"));
            // a first start migrates the new database; it is killed like the timed ones
            start(launcher, data, work, true).process.destroyForcibly().waitFor();
            List<Start> fast = new ArrayList<>();
            List<Start> packaged = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                System.out.println("round " + (i + 1) + ", load average " + Machine.loadAverage());
                packaged.add(killedAfter(start(launcher, data, work, false)));
                fast.add(killedAfter(start(launcher, data, work, true)));
            }
            print("packaged jar", packaged);
            print("fast start", fast);
            System.out.printf(Locale.ROOT, "fast start / packaged jar: %.2f of the time (median), %.2f of the CPU (median)%n",
                    median(fast, true) / median(packaged, true), median(fast, false) / median(packaged, false));
            System.out.printf(Locale.ROOT, "target (issue 11): serving again in under 5 s after a crash of the JVM: %s%n",
                    median(fast, true) < 5 ? "met" : "not met");
            // a last start stopped as at Ctrl+C, so that it stops the PostgreSQL the killed ones left running
            Running last = start(launcher, data, work, true);
            last.process.destroy();
            last.process.waitFor(60, TimeUnit.SECONDS);
        } finally {
            Machine.deleteTree(work);
        }
    }

    private record Running(Process process, Start start) {
    }

    private static Start killedAfter(Running r) throws InterruptedException {
        r.process.destroyForcibly();
        r.process.waitFor(30, TimeUnit.SECONDS);
        return r.start;
    }

    private static Running start(Path launcher, Path data, Path work, boolean fast) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "serve", "--port", Integer.toString(port),
                "--data-dir", data.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve(fast ? "fast.log" : "packaged.log").toFile());
        pb.environment().put("HARMONIA_FAST_START", fast ? "1" : "0");
        long t0 = System.nanoTime();
        Process p = pb.start();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(5);
        while (!healthy(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("serve did not start; see " + work.resolve(fast ? "fast.log" : "packaged.log"));
            }
            Thread.sleep(20);
        }
        Start s = new Start((System.nanoTime() - t0) / 1e9, Machine.cpuSeconds(p.pid(), false));
        System.out.printf(Locale.ROOT, "  %-12s serving after %5.2f s, %5.2f s of CPU%n", fast ? "fast start" : "packaged jar",
                s.seconds, s.cpuSeconds);
        return new Running(p, s);
    }

    private static boolean healthy(int port) {
        try {
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(ProcessBuilder pb, Path log) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("the launcher failed; see " + log);
        }
    }

    private static void print(String name, List<Start> starts) {
        System.out.printf(Locale.ROOT, "%-12s median %.2f s (min %.2f, max %.2f), CPU median %.2f s%n", name,
                median(starts, true), starts.stream().mapToDouble(Start::seconds).min().orElseThrow(),
                starts.stream().mapToDouble(Start::seconds).max().orElseThrow(), median(starts, false));
    }

    private static double median(List<Start> starts, boolean wall) {
        return Median.of(starts.stream().mapToDouble(s -> wall ? s.seconds : s.cpuSeconds).toArray());
    }
}
