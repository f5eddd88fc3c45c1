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
import org.harmonia.stats.glm.NegBinAlgorithm;
import org.hipparchus.special.Erf;
import org.hipparchus.special.Gamma;

/**
 * The analysis of complete simulated MESEMS trials, the work of {@code harmonia simulate}: for each trial the
 * primary model {@code total_gel ~ sequence + baseline_gel + subTrial + offset(log(scans_done))} (11 columns, about
 * 140 patients in nine sub-trials) with its Wald test, and the model without sequence for the likelihood-ratio
 * test. Times glm.nb's alternation (the old fitter) and the joint Newton fit (the new one) on one and two threads,
 * and {@code MASS::glm.nb} on the same trials in one R process when {@code Rscript} is on the PATH; prints the
 * throughputs, their ratios and the agreement of the three.
 *
 * <p>Arguments: {@code [trials (default 10000)] [seed (default 20241203)] [output directory (default target)]}.
 */
public final class MesemsFitBenchmark {
    private static final int RANDOMISED = 144;
    private static final double[] SUB_TRIAL_SHARES = {0.20, 0.15, 0.12, 0.12, 0.10, 0.10, 0.08, 0.07, 0.06};
    private static final int COLUMNS = 3 + SUB_TRIAL_SHARES.length - 1;
    private static final double PLACEBO_RATE_PER_SCAN = 1.5;
    private static final double RATE_RATIO = 0.6;
    /** The simulator's limit on IRLS iterations and alternations (R's glm.control allows 25). */
    private static final int MAX_ITERATIONS = 100;

    private MesemsFitBenchmark() {
    }

    /** One simulated trial's analysis data set: the design columns, the counts and the offset. */
    private record Trial(double[][] x, double[][] reduced, double[] y, double[] offset, int[] subTrial, int[] baseline,
                         int[] scans) {
    }

    /** One trial's two analyses; NaN where a fit failed. */
    private record Analysis(double estimate, double se, double waldP, double theta, double lrt, double lrtP) {
        static final Analysis FAILED = new Analysis(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20241203L;
        Path dir = Path.of(args.length > 2 ? args[2] : "target");
        Files.createDirectories(dir);
        Trial[] data = simulate(trials, seed);
        Path csv = dir.resolve("mesems-trials.csv");
        writeCsv(csv, data);
        double meanN = 0;
        for (Trial t : data) {
            meanN += t.y().length / (double) trials;
        }
        System.out.printf(Locale.ROOT, "%d simulated MESEMS trials (seed %d), %.1f patients analysed on average, %d columns; "
                + "written to %s%n", trials, seed, meanN, COLUMNS, csv);
        System.out.printf(Locale.ROOT, "load average at the start: %s%n", Machine.loadAverage());

        Analysis[] old = new Analysis[trials];
        Analysis[] joint = new Analysis[trials];
        GlmControl oldControl = new GlmControl(MAX_ITERATIONS, GlmControl.DEFAULT.epsilon(), false);
        GlmControl newControl = oldControl.withNegBin(NegBinAlgorithm.JOINT_NEWTON);
        // Warm-up passes so the timed passes measure compiled code, as a long simulation would.
        analyseRange(oldControl, data, 0, trials, old);
        analyseRange(newControl, data, 0, trials, joint);
        double old1 = time(1, oldControl, data, old);
        double new1 = time(1, newControl, data, joint);
        double old2 = time(2, oldControl, data, old);
        double new2 = time(2, newControl, data, joint);
        System.out.println("Each trial: the full model (Wald) and the model without sequence (likelihood-ratio test)");
        print("glm.nb's alternation, 1 thread ", trials, old1);
        print("joint Newton,         1 thread ", trials, new1);
        print("glm.nb's alternation, 2 threads", trials, old2);
        print("joint Newton,         2 threads", trials, new2);
        System.out.printf(Locale.ROOT, "Ratio joint Newton / alternation: %.2fx on 1 thread, %.2fx on 2 threads%n",
                old1 / new1, old2 / new2);
        System.out.printf(Locale.ROOT, "Trials whose analysis failed: alternation %d, joint Newton %d%n", failures(old),
                failures(joint));
        System.out.printf(Locale.ROOT, "Joint Newton vs alternation: %s%n", agreement(joint, old));
        System.out.printf(Locale.ROOT, "Target (issue 14): %d trials with Wald and LRT in under 2 s on 2 cores: %s (%.3f s, "
                + "load average %s)%n", trials, trials == 10_000 ? (new2 < 2 ? "met" : "NOT met") : "not applicable, "
                + trials + " trials", new2, Machine.loadAverage());

        if (!RScript.available()) {
            System.out.println("Rscript not on the PATH: R comparison skipped");
            return;
        }
        Path rOut = dir.resolve("mesems-r-analyses.csv");
        double rSeconds = runR(csv, rOut);
        Analysis[] r = readR(rOut, trials);
        print("R MASS::glm.nb, one process  ", trials, rSeconds);
        System.out.printf(Locale.ROOT, "Ratio per core (1 thread / R): joint Newton %.1fx, alternation %.1fx%n",
                rSeconds / new1, rSeconds / old1);
        System.out.printf(Locale.ROOT, "Trials whose analysis failed in R: %d%n", failures(r));
        System.out.printf(Locale.ROOT, "Joint Newton vs R: %s%n", agreement(joint, r));
        System.out.printf(Locale.ROOT, "Alternation vs R:  %s%n", agreement(old, r));
    }

    private static void print(String what, int trials, double seconds) {
        System.out.printf(Locale.ROOT, "%s: %8.0f trials/s (%d trials in %.3f s)%n", what, trials / seconds, trials, seconds);
    }

    private static int failures(Analysis[] a) {
        int f = 0;
        for (Analysis x : a) {
            f += Double.isNaN(x.lrtP()) ? 1 : 0;
        }
        return f;
    }

    /** Largest differences over the trials both sides analysed, and the trials whose 5% decision differs. */
    private static String agreement(Analysis[] a, Analysis[] b) {
        double estimate = 0;
        double se = 0;
        double theta = 0;
        double lrt = 0;
        int compared = 0;
        int oneSided = 0;
        int decisions = 0;
        for (int k = 0; k < a.length; k++) {
            boolean fa = Double.isNaN(a[k].lrtP());
            boolean fb = Double.isNaN(b[k].lrtP());
            if (fa || fb) {
                oneSided += fa != fb ? 1 : 0;
                continue;
            }
            compared++;
            estimate = Math.max(estimate, Math.abs(a[k].estimate() - b[k].estimate()) / b[k].se());
            se = Math.max(se, Math.abs(a[k].se() - b[k].se()) / b[k].se());
            theta = Math.max(theta, Math.abs(a[k].theta() - b[k].theta()) / b[k].theta());
            lrt = Math.max(lrt, Math.abs(a[k].lrt() - b[k].lrt()));
            decisions += (a[k].waldP() < 0.05) != (b[k].waldP() < 0.05) ? 1 : 0;
            decisions += (a[k].lrtP() < 0.05) != (b[k].lrtP() < 0.05) ? 1 : 0;
        }
        return String.format(Locale.ROOT, "over %d trials max |diff| of the sequence estimate %.2g SE, relative SE %.2g, "
                + "relative theta %.2g, LR statistic %.2g; Wald or LRT decisions at 5%% that differ: %d; failing on one side "
                + "only: %d", compared, estimate, se, theta, lrt, decisions, oneSided);
    }

    private static void analyseRange(GlmControl control, Trial[] data, int from, int to, Analysis[] out) {
        GlmFitter fitter = new GlmFitter(control);
        for (int k = from; k < to; k++) {
            Trial t = data[k];
            try {
                GlmFit full = fitter.fit(Family.NEGBIN, t.x(), t.y(), t.offset(), true);
                GlmFit without = fitter.fit(Family.NEGBIN, t.reduced(), t.y(), t.offset(), true);
                double estimate = full.coefficient(1);
                double se = full.standardError(1);
                double lr = Math.max(0, 2 * (full.logLik() - without.logLik()));
                out[k] = new Analysis(estimate, se, Erf.erfc(Math.abs(estimate / se) / Math.sqrt(2)), full.theta(), lr,
                        Gamma.regularizedGammaQ(0.5, lr / 2));
            } catch (StatsException e) {
                out[k] = Analysis.FAILED;
            }
        }
    }

    private static double time(int threads, GlmControl control, Trial[] data, Analysis[] out) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            int n = data.length;
            long start = System.nanoTime();
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int from = (int) ((long) n * t / threads);
                int to = (int) ((long) n * (t + 1) / threads);
                parts.add(pool.submit(() -> analyseRange(control, data, from, to, out)));
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

    /**
     * MESEMS-like trials: 144 patients over nine sub-trials of unequal size, sequence by permuted blocks of four within
     * each sub-trial, a patient frailty (gamma, shape 0.5) shared by the baseline count (mean 2) and the new lesions
     * over up to three scans (1.5 per scan on placebo, rate ratio 0.6 on MSC first, a second gamma factor of shape 2
     * for the variation within a patient); 10% leave after one or two scans and 2% before any (not analysed).
     */
    private static Trial[] simulate(int trials, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Trial[] out = new Trial[trials];
        int k = SUB_TRIAL_SHARES.length;
        for (int t = 0; t < trials; t++) {
            int[] sub = new int[RANDOMISED];
            int[] sequence = new int[RANDOMISED];
            int[] inBlock = new int[k];
            int[][] block = new int[k][4];
            int[] baseline = new int[RANDOMISED];
            int[] scans = new int[RANDOMISED];
            int[] y = new int[RANDOMISED];
            int analysed = 0;
            for (int i = 0; i < RANDOMISED; i++) {
                double u = random.nextDouble();
                int s = 0;
                double c = SUB_TRIAL_SHARES[0];
                while (u > c && s < k - 1) {
                    c += SUB_TRIAL_SHARES[++s];
                }
                sub[i] = s;
                if (inBlock[s] % 4 == 0) {
                    int[] b = {0, 0, 1, 1};
                    for (int j = 3; j > 0; j--) {
                        int r = random.nextInt(j + 1);
                        int tmp = b[j];
                        b[j] = b[r];
                        b[r] = tmp;
                    }
                    block[s] = b;
                }
                sequence[i] = block[s][inBlock[s]++ % 4];
                double frailty = NegBinBenchmark.gamma(random, 0.5) / 0.5;
                baseline[i] = NegBinBenchmark.poisson(random, 2 * frailty);
                double d = random.nextDouble();
                scans[i] = d < 0.02 ? 0 : d < 0.06 ? 1 : d < 0.12 ? 2 : 3;
                double within = NegBinBenchmark.gamma(random, 2) / 2;
                double mean = scans[i] * PLACEBO_RATE_PER_SCAN * (sequence[i] == 1 ? RATE_RATIO : 1) * frailty * within;
                y[i] = NegBinBenchmark.poisson(random, mean);
                analysed += scans[i] > 0 ? 1 : 0;
            }
            double[][] x = new double[COLUMNS][analysed];
            double[] response = new double[analysed];
            double[] offset = new double[analysed];
            int[] subOut = new int[analysed];
            int[] baseOut = new int[analysed];
            int[] scansOut = new int[analysed];
            int row = 0;
            for (int i = 0; i < RANDOMISED; i++) {
                if (scans[i] == 0) {
                    continue;
                }
                x[0][row] = 1;
                x[1][row] = sequence[i];
                x[2][row] = baseline[i];
                if (sub[i] > 0) {
                    x[2 + sub[i]][row] = 1;
                }
                response[row] = y[i];
                offset[row] = Math.log(scans[i]);
                subOut[row] = sub[i];
                baseOut[row] = baseline[i];
                scansOut[row] = scans[i];
                row++;
            }
            double[][] reduced = new double[COLUMNS - 1][];
            reduced[0] = x[0];
            System.arraycopy(x, 2, reduced, 1, COLUMNS - 2);
            // sequence is stored in x[1]; the CSV keeps it for R
            out[t] = new Trial(x, reduced, response, offset, subOut, baseOut, scansOut);
        }
        return out;
    }

    private static void writeCsv(Path csv, Trial[] data) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
            w.println("trial,y,sequence,baseline,subTrial,scans");
            for (int k = 0; k < data.length; k++) {
                Trial t = data[k];
                for (int i = 0; i < t.y().length; i++) {
                    w.printf(Locale.ROOT, "%d,%d,%d,%d,s%d,%d%n", k + 1, (int) t.y()[i], (int) t.x()[1][i], t.baseline()[i],
                            t.subTrial()[i] + 1, t.scans()[i]);
                }
            }
        }
    }

    /** Both glm.nb fits of every trial in one R process (maxit 100 as the simulator); the seconds of the fits alone. */
    private static double runR(Path csv, Path out) throws IOException, InterruptedException {
        String script = String.join("\n",
                "suppressPackageStartupMessages(library(MASS))",
                "args <- commandArgs(trailingOnly = TRUE)",
                "d <- read.csv(args[1])",
                "d$subTrial <- factor(d$subTrial)",
                "sets <- split(d, d$trial)",
                "est <- matrix(NA_real_, length(sets), 6)",
                "ctl <- glm.control(maxit = 100)",
                "t0 <- proc.time()[['elapsed']]",
                "for (k in seq_along(sets)) {",
                "  s <- sets[[k]]",
                "  f <- tryCatch(suppressWarnings(glm.nb(y ~ sequence + baseline + subTrial + offset(log(scans)), s, control = ctl)),",
                "                error = function(e) NULL)",
                "  f0 <- tryCatch(suppressWarnings(glm.nb(y ~ baseline + subTrial + offset(log(scans)), s, control = ctl)),",
                "                 error = function(e) NULL)",
                "  if (!is.null(f) && !is.null(f0)) {",
                "    cf <- coef(summary(f))",
                "    lr <- max(0, 2 * (as.numeric(logLik(f)) - as.numeric(logLik(f0))))",
                "    est[k, ] <- c(cf['sequence', 1], cf['sequence', 2], cf['sequence', 4], f$theta, lr,",
                "                  pchisq(lr, 1, lower.tail = FALSE))",
                "  }",
                "}",
                "elapsed <- proc.time()[['elapsed']] - t0",
                "write.csv(data.frame(trial = as.integer(names(sets)), est), args[2], row.names = FALSE)",
                "cat(sprintf('%.6f\\n', elapsed))",
                "");
        return RScript.timed(script, csv, out);
    }

    private static Analysis[] readR(Path file, int trials) throws IOException {
        Analysis[] out = new Analysis[trials];
        java.util.Arrays.fill(out, Analysis.FAILED);
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int k = Integer.parseInt(f[0]) - 1;
            out[k] = new Analysis(parse(f[1]), parse(f[2]), parse(f[3]), parse(f[4]), parse(f[5]), parse(f[6]));
        }
        return out;
    }

    private static double parse(String s) {
        return s.equals("NA") ? Double.NaN : Double.parseDouble(s);
    }
}
