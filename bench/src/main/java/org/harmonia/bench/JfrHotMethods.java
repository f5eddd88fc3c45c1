package org.harmonia.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a flight recording's CPU samples are: the hottest methods by their own samples (the frame that was running)
 * and by inclusive samples (a sample counts once for every method on its stack), the latter for all frames outside
 * the JDK and for Harmonia's own, from {@code jdk.ExecutionSample} events (threads running Java code); then the time
 * threads spent waiting (socket reads, locks, parking) and which of Harmonia's methods waited on the database.
 *
 * <p>{@code java -cp "target/harmonia-bench.jar:target/lib/*" org.harmonia.bench.JfrHotMethods FILE [top]}; a stack
 * deeper than the recording's {@code stackdepth} (64 by default) is cut at its root end, so inclusive counts of
 * frames near the thread's start come out low unless the server ran with a deeper one.
 */
public final class JfrHotMethods {
    private JfrHotMethods() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: JfrHotMethods FILE [top]");
            System.exit(2);
        }
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Double> waits = new HashMap<>();
        Map<String, Map<String, Double>> waitsByCaller = new HashMap<>();
        Map<String, double[]> threadLoad = new HashMap<>();
        int samples = 0;
        int truncated = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ThreadCPULoad") && e.getThread("eventThread") != null) {
                // per thread: the sum of its shares of the machine and how many periods they cover
                double[] l = threadLoad.computeIfAbsent(e.getThread("eventThread").getJavaName() + "#"
                        + e.getThread("eventThread").getJavaThreadId(), t -> new double[2]);
                l[0] += e.getFloat("user") + e.getFloat("system");
                l[1]++;
                continue;
            }
            if (WAITS.contains(type)) {
                double seconds = e.getDuration().toNanos() / 1e9;
                waits.merge(type, seconds, Double::sum);
                if (e.getStackTrace() != null) {
                    waitsByCaller.computeIfAbsent(type, t -> new HashMap<>())
                            .merge(harmoniaCaller(e.getStackTrace().getFrames()), seconds, Double::sum);
                }
                continue;
            }
            if (!type.equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            samples++;
            if (e.getStackTrace().isTruncated()) {
                truncated++;
            }
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            self.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String m = name(f.getMethod());
                if (seen.add(m)) {
                    inclusive.merge(m, 1, Integer::sum);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d execution samples, %d with a truncated stack%n", args[0], samples, truncated);
        Map<String, Double> cpuByGroup = new HashMap<>();
        threadLoad.forEach((t, l) -> cpuByGroup.merge(group(t.substring(0, t.lastIndexOf('#'))), l[0] / l[1], Double::sum));
        System.out.println();
        System.out.println("CPU by thread group, share of the machine (all cores), averaged over the recording (jdk.ThreadCPULoad):");
        cpuByGroup.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(12)
                .forEach(e -> System.out.printf(Locale.ROOT, "%6.1f%%  %s%n", 100 * e.getValue(), e.getKey()));
        print("threads", threads, samples, top, m -> true);
        print("own samples (the running frame)", self, samples, top, m -> true);
        print("inclusive samples, frames outside the JDK", inclusive, samples, top, m -> !jdk(m));
        print("inclusive samples, frames outside the JDK, the servlet container and the filter chain (what the requests do)", inclusive,
                samples, top, m -> !jdk(m) && !plumbing(m));
        print("inclusive samples, Harmonia's frames", inclusive, samples, top, m -> m.startsWith("org.harmonia."));
        System.out.println();
        System.out.println("time threads waited, summed over threads, in waits the recording's settings keep (profile: 10 ms and longer; "
                + "a socket read of the JDBC driver is a wait for PostgreSQL):");
        waits.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> System.out.printf(Locale.ROOT, "%9.1f s  %s%n", e.getValue(), e.getKey()));
        waitsByCaller.forEach((type, byCaller) -> {
            System.out.println();
            System.out.println(type + " by the innermost Harmonia method waiting" + switch (type) {
                case "jdk.SocketRead" -> " (on PostgreSQL's answer)";
                case "jdk.ThreadPark" -> " (in a request: mostly for a connection from the pool)";
                default -> "";
            } + ":");
            byCaller.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(10)
                    .forEach(e -> System.out.printf(Locale.ROOT, "%9.1f s  %s%n", e.getValue(), e.getKey()));
        });
    }

    /** Frames every request passes through on its way in: Tomcat, the servlet filters and Spring's dispatch. */
    private static boolean plumbing(String method) {
        return method.startsWith("org.apache.catalina.") || method.startsWith("org.apache.coyote.") || method.startsWith("org.apache.tomcat.")
                || method.contains("Filter") || method.startsWith("org.springframework.web.servlet.")
                || method.startsWith("jakarta.servlet.");
    }

    /** Threads of one kind under one name: request threads, compiler threads, collector threads. */
    private static String group(String thread) {
        return thread == null ? "?" : thread.replaceAll("\\d+", "N");
    }

    /** Events that measure a thread waiting rather than running. */
    private static final Set<String> WAITS = Set.of("jdk.SocketRead", "jdk.SocketWrite", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait",
            "jdk.ThreadPark", "jdk.ThreadSleep");

    private static String harmoniaCaller(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String m = name(f.getMethod());
            if (m.startsWith("org.harmonia.")) {
                return m;
            }
        }
        return "(no Harmonia frame)";
    }

    private static String name(RecordedMethod m) {
        return m.getType().getName() + "." + m.getName();
    }

    private static boolean jdk(String method) {
        return method.startsWith("java.") || method.startsWith("javax.") || method.startsWith("jdk.") || method.startsWith("sun.")
                || method.startsWith("com.sun.");
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top, java.util.function.Predicate<String> keep) {
        System.out.println();
        System.out.println(title + ":");
        counts.entrySet().stream().filter(e -> keep.test(e.getKey()))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "%7d %5.1f%%  %s%n", e.getValue(), 100.0 * e.getValue() / samples, e.getKey()));
    }
}
