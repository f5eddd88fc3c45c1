package org.harmonia.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Response times of one kind of request, in nanoseconds, and the requests that failed. One instance per worker
 * thread and page, so recording takes no lock; {@link #merge} joins them after the run.
 */
final class Latencies {
    private long[] nanos = new long[1024];
    private int count;
    private long errors;

    void record(long elapsedNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = elapsedNanos;
    }

    void error() {
        errors++;
    }

    static Latencies merge(Collection<Latencies> parts) {
        Latencies all = new Latencies();
        for (Latencies p : parts) {
            for (int i = 0; i < p.count; i++) {
                all.record(p.nanos[i]);
            }
            all.errors += p.errors;
        }
        return all;
    }

    /** The summary over a measured window of {@code seconds}; percentiles by the nearest-rank method. */
    Summary summary(String name, double seconds) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return new Summary(name, count, errors, count / seconds, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
                count == 0 ? Double.NaN : sorted[count - 1] / 1e6);
    }

    /** Latencies read from elsewhere (pgbench's per-transaction log), in microseconds. */
    static Latencies ofMicros(long[] micros) {
        Latencies l = new Latencies();
        for (long m : micros) {
            l.record(m * 1000);
        }
        return l;
    }

    private static double rank(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int k = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, k - 1)] / 1e6;
    }

    /** One line of the results: requests, errors, throughput per second and milliseconds at the percentiles. */
    record Summary(String name, long requests, long errors, double perSecond, double p50, double p95, double p99, double max) {
        Summary {
            if (requests < 0 || errors < 0) {
                throw new IllegalArgumentException("negative counts for " + name);
            }
        }

        static String header() {
            return String.format(java.util.Locale.ROOT, "%-28s %9s %8s %9s %8s %8s %8s %8s", "request", "requests", "errors",
                    "per s", "p50 ms", "p95 ms", "p99 ms", "max ms");
        }

        String line() {
            return String.format(java.util.Locale.ROOT, "%-28s %9d %8d %9.1f %8.1f %8.1f %8.1f %8.1f", name, requests, errors,
                    perSecond, p50, p95, p99, max);
        }
    }
}
