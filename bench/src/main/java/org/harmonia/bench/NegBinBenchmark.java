package org.harmonia.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.harmonia.stats.StatsException;
import org.harmonia.stats.glm.Family;
import org.harmonia.stats.glm.GlmControl;
import org.harmonia.stats.glm.GlmFit;
import org.harmonia.stats.glm.GlmFitter;

/**
 * Throughput of the negative binomial fit on MESEMS-sized trials, the fit a trial simulator repeats:
 * 144 patients randomised 1:1, new lesions summed over three scans (offset log 3), counts negative binomial
 * with mean 1.5 per scan on placebo, rate ratio 0.6 on MSC, theta 0.5. Fits {@code y ~ arm + offset(log(scans))}
 * with Harmonia on one and two threads and, when {@code Rscript} is on the PATH, with {@code MASS::glm.nb} on the
 * same data sets in one R process, then compares throughput and estimates.
 *
 * <p>Arguments: {@code [datasets (default 10000)] [seed (default 20240611)] [output directory (default target)]}.
 */
public final class NegBinBenchmark {
    private static final int PATIENTS = 144;
    private static final double SCANS = 3;
    private static final double PLACEBO_RATE_PER_SCAN = 1.5;
    private static final double RATE_RATIO = 0.6;
    private static final double THETA = 0.5;

    private NegBinBenchmark() {
    }

    /** One fit's estimates, NaN when the fit failed. */
    private record Estimates(double intercept, double arm, double theta) {
        static final Estimates FAILED = new Estimates(Double.NaN, Double.NaN, Double.NaN);
    }

    public static void main(String[] args) throws Exception {
        int datasets = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20240611L;
        Path dir = Path.of(args.length > 2 ? args[2] : "target");
        Files.createDirectories(dir);

        double[] arm = new double[PATIENTS];
        double[] intercept = new double[PATIENTS];
        double[] offset = new double[PATIENTS];
        for (int i = 0; i < PATIENTS; i++) {
            arm[i] = i % 2;
            intercept[i] = 1;
            offset[i] = Math.log(SCANS);
        }
        double[][] design = {intercept, arm};
        double[][] counts = simulate(datasets, seed, arm);
        Path csv = dir.resolve("nb-datasets.csv");
        writeCsv(csv, counts, arm);

        System.out.printf(Locale.ROOT, "%d data sets of %d patients (seed %d) written to %s%n", datasets, PATIENTS, seed, csv);
        Estimates[] harmonia = new Estimates[datasets];
        // Warm-up pass so the timed passes measure compiled code, as a long simulation would.
        fitRange(design, counts, offset, 0, datasets, harmonia);
        double oneThread = timeFits(1, design, counts, offset, harmonia);
        double twoThreads = timeFits(2, design, counts, offset, harmonia);
        int failed = 0;
        for (Estimates e : harmonia) {
            failed += Double.isNaN(e.arm()) ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "Harmonia, 1 thread : %10.0f fits/s (%d fits in %.3f s)%n", datasets / oneThread,
                datasets, oneThread);
        System.out.printf(Locale.ROOT, "Harmonia, 2 threads: %10.0f fits/s (%d fits in %.3f s)%n", datasets / twoThreads,
                datasets, twoThreads);
        System.out.printf(Locale.ROOT, "Harmonia fits that did not converge: %d%n", failed);

        if (!RScript.available()) {
            System.out.println("Rscript not on the PATH: R comparison skipped");
            return;
        }
        Path rOut = dir.resolve("nb-r-estimates.csv");
        double rSeconds = runR(csv, rOut);
        Estimates[] r = readR(rOut, datasets);
        System.out.printf(Locale.ROOT, "R MASS::glm.nb     : %10.0f fits/s (%d fits in %.3f s, one process)%n",
                datasets / rSeconds, datasets, rSeconds);
        System.out.printf(Locale.ROOT, "Ratio per core (Harmonia 1 thread / R): %.1fx%n", rSeconds / oneThread);
        double maxArm = 0;
        double maxIntercept = 0;
        double maxThetaRelative = 0;
        int compared = 0;
        int disagreeOnFailure = 0;
        for (int k = 0; k < datasets; k++) {
            boolean hFailed = Double.isNaN(harmonia[k].arm());
            boolean rFailed = Double.isNaN(r[k].arm());
            if (hFailed || rFailed) {
                disagreeOnFailure += hFailed != rFailed ? 1 : 0;
                continue;
            }
            compared++;
            maxIntercept = Math.max(maxIntercept, Math.abs(harmonia[k].intercept() - r[k].intercept()));
            maxArm = Math.max(maxArm, Math.abs(harmonia[k].arm() - r[k].arm()));
            maxThetaRelative = Math.max(maxThetaRelative, Math.abs(harmonia[k].theta() - r[k].theta()) / r[k].theta());
        }
        System.out.printf(Locale.ROOT, "Agreement over %d data sets: max |diff| intercept %.3g, arm %.3g; "
                + "max relative diff theta %.3g; fits failing on one side only: %d%n", compared, maxIntercept, maxArm,
                maxThetaRelative, disagreeOnFailure);
    }

    /** Negative binomial counts as a gamma mixture of Poissons. */
    static double[][] simulate(int datasets, long seed, double[] arm) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] y = new double[datasets][PATIENTS];
        for (int k = 0; k < datasets; k++) {
            for (int i = 0; i < PATIENTS; i++) {
                double mean = SCANS * PLACEBO_RATE_PER_SCAN * (arm[i] == 1 ? RATE_RATIO : 1);
                double lambda = gamma(random, THETA) * mean / THETA;
                y[k][i] = poisson(random, lambda);
            }
        }
        return y;
    }

    /** Marsaglia and Tsang's method; shapes below 1 through the U^(1/shape) boost. */
    static double gamma(SplittableRandom random, double shape) {
        if (shape < 1) {
            return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = normal(random);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private static double normal(SplittableRandom random) {
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /** Inversion, in chunks of mean at most 500 so exp(-lambda) never underflows. */
    static int poisson(SplittableRandom random, double lambda) {
        int total = 0;
        while (lambda > 500) {
            total += poisson(random, 500);
            lambda -= 500;
        }
        double p = Math.exp(-lambda);
        double cumulative = p;
        double u = random.nextDouble();
        int k = 0;
        while (u > cumulative && p > 0) {
            k++;
            p *= lambda / k;
            cumulative += p;
        }
        return total + k;
    }

    private static void writeCsv(Path csv, double[][] counts, double[] arm) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
            w.println("dataset,id,arm,scans,y");
            for (int k = 0; k < counts.length; k++) {
                for (int i = 0; i < PATIENTS; i++) {
                    w.print(k + 1);
                    w.print(',');
                    w.print(i + 1);
                    w.print(',');
                    w.print((int) arm[i]);
                    w.print(",3,");
                    w.println((int) counts[k][i]);
                }
            }
        }
    }

    private static void fitRange(double[][] design, double[][] counts, double[] offset, int from, int to, Estimates[] out) {
        GlmFitter fitter = new GlmFitter(GlmControl.DEFAULT.withoutNullDeviance());
        for (int k = from; k < to; k++) {
            try {
                GlmFit f = fitter.fit(Family.NEGBIN, design, counts[k], offset, true);
                out[k] = new Estimates(f.coefficient(0), f.coefficient(1), f.theta());
            } catch (StatsException e) {
                out[k] = Estimates.FAILED;
            }
        }
    }

    /** Wall-clock seconds to fit every data set, split evenly over the threads. */
    private static double timeFits(int threads, double[][] design, double[][] counts, double[] offset, Estimates[] out)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            int n = counts.length;
            long start = System.nanoTime();
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int from = (int) ((long) n * t / threads);
                int to = (int) ((long) n * (t + 1) / threads);
                parts.add(pool.submit(() -> fitRange(design, counts, offset, from, to, out)));
            }
            for (Future<?> f : parts) {
                f.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    /** Runs glm.nb on every data set in one R process; returns the seconds R spent in the fits alone. */
    private static double runR(Path csv, Path out) throws IOException, InterruptedException {
        String script = String.join("\n",
                "suppressPackageStartupMessages(library(MASS))",
                "args <- commandArgs(trailingOnly = TRUE)",
                "d <- read.csv(args[1])",
                "sets <- split(d, d$dataset)",
                "est <- matrix(NA_real_, length(sets), 3)",
                "t0 <- proc.time()[['elapsed']]",
                "for (k in seq_along(sets)) {",
                "  f <- tryCatch(suppressWarnings(glm.nb(y ~ arm + offset(log(scans)), sets[[k]])), error = function(e) NULL)",
                "  if (!is.null(f)) est[k, ] <- c(coef(f), f$theta)",
                "}",
                "elapsed <- proc.time()[['elapsed']] - t0",
                "write.csv(data.frame(dataset = as.integer(names(sets)), intercept = est[, 1], arm = est[, 2], theta = est[, 3]),",
                "          args[2], row.names = FALSE)",
                "cat(sprintf('%.6f\\n', elapsed))",
                "");
        return RScript.timed(script, csv, out);
    }

    private static Estimates[] readR(Path file, int datasets) throws IOException {
        Estimates[] out = new Estimates[datasets];
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int k = Integer.parseInt(f[0]) - 1;
            out[k] = new Estimates(parse(f[1]), parse(f[2]), parse(f[3]));
        }
        return out;
    }

    private static double parse(String s) {
        return s.equals("NA") ? Double.NaN : Double.parseDouble(s);
    }
}
