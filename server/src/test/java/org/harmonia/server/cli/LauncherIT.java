package org.harmonia.server.cli;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./harmonia} launcher on the packaged jar, as a user runs it from the checkout. */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "harmonia").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /**
     * The first run after a build extracts the jar and makes the archive of the fast start with one training start;
     * done here first so that no timed test below pays for it.
     */
    @BeforeAll
    static void prepareTheFastStart(@TempDir Path scratch) throws Exception {
        Process p = new ProcessBuilder(LAUNCHER.toString(), "--version").redirectErrorStream(true)
                .redirectOutput(scratch.resolve("prepare.log").toFile()).start();
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("the fast start prepared within 10 minutes").isTrue();
        assertThat(p.exitValue()).as(Files.readString(scratch.resolve("prepare.log"))).isZero();
    }

    @Test
    void startsFromTheArchiveMadeAfterTheBuild() throws Exception {
        Path run = LAUNCHER.getParent().resolve("server/target/run");
        // "aot <java>" with a JDK of release 25 or later (an ahead-of-time cache), else "cds <java>" (a dynamic archive)
        String[] choice = Files.readString(run.resolve("java")).trim().split(" ", 2);
        assertThat(choice[0]).isIn("aot", "cds");
        assertThat(run.resolve("harmonia." + choice[0])).isRegularFile();
        String release = new String(new ProcessBuilder(choice[1], "-XshowSettings:properties", "-version")
                .redirectErrorStream(true).start().getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .replaceAll("(?s).*java\\.specification\\.version = ([0-9]+).*", "$1");
        assertThat(Integer.parseInt(release) >= 25).as("release " + release + " of " + choice[1]).isEqualTo(choice[0].equals("aot"));
        // an application class loaded from either archive is logged as coming from a "shared objects file"
        String fromTheArchive = "org.harmonia.server.cli.HarmoniaCommand source: shared objects file";
        Result fast = run(Map.of("HARMONIA_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
        assertThat(fast.exit).isZero();
        assertThat(fast.out).contains(fromTheArchive).doesNotContain("[aot]", "[cds]");
        Result plain = run(Map.of("HARMONIA_JAVA_OPTS", "-Xlog:class+load=info", "HARMONIA_FAST_START", "0"), "--version");
        assertThat(plain.exit).isZero();
        assertThat(plain.out).contains("Harmonia ").doesNotContain(fromTheArchive);
    }

    @Test
    void listsTheCommands() throws Exception {
        Result r = run("--help");
        assertThat(r.exit).isZero();
        assertThat(r.out).contains("serve", "demo", "protocol", "stats");
    }

    @Test
    void checksTheShippedProtocolByStudyId() throws Exception {
        Result r = run("protocol", "check", "mesems");
        assertThat(r.exit).isZero();
        assertThat(r.out).contains("ok - mesems version 1.3");
    }

    @Test
    void refusesAMalformedProtocolWithOneLinePerProblemAndNoStackTrace() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "harmonia: 1\nstudy: {id: x, version: \"1\"}\n");
        Result r = run("protocol", "check", bad.toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains(bad + ":2: study.title: is required").contains("arms: is required")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void demoAnswersTheStudiesApiWithin30Seconds() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder demoProcess = new ProcessBuilder(LAUNCHER.toString(), "demo", "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(dir.resolve("demo.log").toFile());
        // its own home, so the test never touches the demo database (~/.harmonia/demo) of whoever runs it
        demoProcess.environment().put("HARMONIA_JAVA_OPTS", "-Duser.home=" + dir.resolve("home"));
        Process demo = demoProcess.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String body = null;
            while (System.nanoTime() < deadline && body == null) {
                try {
                    HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/auth/token"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"monitor\",\"password\":\"harmonia-demo\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (login.statusCode() != 201) {
                        Thread.sleep(250);
                        continue;
                    }
                    String token = login.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/studies"))
                                    .header("Authorization", "Bearer " + token).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("mesems")) {
                        body = r.body();
                    }
                } catch (IOException notYet) {
                    Thread.sleep(250);
                }
            }
            assertThat(body).as("demo log:\n" + Files.readString(dir.resolve("demo.log"))).isNotNull();
            assertThat(body).contains("\"subTrials\":9");
            long printed = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(dir.resolve("demo.log")).contains("dsmb") && System.nanoTime() < printed) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(dir.resolve("demo.log"))).contains("Harmonia demo is running at http://localhost:" + port)
                    .contains("coordinator").contains("statistician").contains("dsmb");
            // the launcher's fast start runs the context the build worked out ahead of time (spring.aot.enabled)
            assertThat(Files.readString(dir.resolve("demo.log"))).contains("Starting AOT-processed HarmoniaApplication");

            // a second demo on the same directory must not wipe the running one's database
            ProcessBuilder second = new ProcessBuilder(LAUNCHER.toString(), "demo", "--port", Integer.toString(port + 1))
                    .redirectOutput(dir.resolve("second.out").toFile()).redirectError(dir.resolve("second.err").toFile());
            second.environment().put("HARMONIA_JAVA_OPTS", "-Duser.home=" + dir.resolve("home"));
            Process refused = second.start();
            assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.exitValue()).isEqualTo(2);
            assertThat(Files.readString(dir.resolve("second.err"))).contains("is already running on");
        } finally {
            demo.destroy();
            assertThat(demo.waitFor(30, TimeUnit.SECONDS)).as("demo stops on SIGTERM").isTrue();
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private Result run(String... args) throws Exception {
        return run(Map.of(), args);
    }

    private Result run(Map<String, String> environment, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(environment);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
