package org.harmonia.trial.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.glm.Inference;

/**
 * Runs many simulated trials of one scenario across threads and summarises them into a {@link PowerResult}.
 * The result does not depend on the number of threads: trial k's data depend only on (seed, k), each
 * trial's analysis is stored at its index, and the summaries are computed in index order at the end.
 */
public final class PowerSimulation {
    /** Trials a thread takes at a time: large enough to make the shared counter cheap, small enough to balance the threads. */
    private static final int CHUNK = 32;
    /** How often the progress callback is told the number of trials done. */
    private static final long PROGRESS_MILLIS = 100;
    public static final int MAX_TRIALS = 10_000_000;

    private final SimulationScenario scenario;
    private final List<Inference> analyses;
    private final boolean intervals;

    public PowerSimulation(SimulationScenario scenario) {
        this(scenario, Inference.WALD);
    }

    /** Simulates trials analysed with the given test of the sequence effect (the plan's {@code test}). */
    public PowerSimulation(SimulationScenario scenario, Inference inference) {
        this(scenario, List.of(inference == null ? Inference.WALD : inference));
    }

    /**
     * Simulates trials each analysed by every test in {@code analyses} (the plan's test first: the power and the
     * summaries of {@link PowerResult} are its), all on the same data and the same fit.
     */
    public PowerSimulation(SimulationScenario scenario, List<Inference> analyses) {
        this(scenario, analyses, true);
    }

    /** As above; without {@code intervals} no profile-likelihood interval is followed (coverage of the lrt is then not known). */
    public PowerSimulation(SimulationScenario scenario, List<Inference> analyses, boolean intervals) {
        this.intervals = intervals;
        if (scenario == null) {
            throw new InvalidDataException("a power simulation needs a scenario");
        }
        if (analyses == null || analyses.isEmpty()) {
            throw new InvalidDataException("a power simulation needs at least one analysis");
        }
        this.scenario = scenario;
        this.analyses = List.copyOf(analyses);
    }

    /** The primary analysis' test. */
    public Inference inference() {
        return analyses.get(0);
    }

    public List<Inference> analyses() {
        return analyses;
    }

    public SimulationScenario scenario() {
        return scenario;
    }

    /** Runs the trials on every available processor, without progress reports. */
    public PowerResult run(int trials) {
        return run(trials, Runtime.getRuntime().availableProcessors(), null);
    }

    /**
     * Runs {@code trials} trials on {@code threads} threads. {@code progress}, if given, is called on the
     * calling thread about ten times a second with the number of trials done, and once at the end with all.
     */
    public PowerResult run(int trials, int threads, IntConsumer progress) {
        if (trials < 1 || trials > MAX_TRIALS) {
            throw new InvalidDataException("the number of trials must be between 1 and " + MAX_TRIALS + "; got " + trials);
        }
        if (threads < 1) {
            throw new InvalidDataException("the number of threads must be at least 1; got " + threads);
        }
        int workers = Math.min(threads, (trials + CHUNK - 1) / CHUNK);
        TrialOutcome[] outcomes = new TrialOutcome[trials];
        double[] logRateRatio = new double[trials];
        double[] standardError = new double[trials];
        boolean[] success = new boolean[trials];
        int[] fullAnalysisSet = new int[trials];
        AnalysisOutcome[][] all = new AnalysisOutcome[trials][];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(workers);
        long start = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(() -> {
                try {
                    TrialSimulator simulator = new TrialSimulator(scenario, analyses, intervals);
                    int from;
                    while (failure.get() == null && (from = next.getAndAdd(CHUNK)) < trials) {
                        int to = Math.min(trials, from + CHUNK);
                        for (int k = from; k < to; k++) {
                            TrialResult r = simulator.run(k);
                            outcomes[k] = r.outcome();
                            logRateRatio[k] = r.logRateRatio();
                            standardError[k] = r.standardError();
                            success[k] = r.success();
                            fullAnalysisSet[k] = r.fullAnalysisSet();
                            all[k] = r.analyses().toArray(AnalysisOutcome[]::new);
                        }
                        done.addAndGet(to - from);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    finished.countDown();
                }
            }, "harmonia-simulation-" + (w + 1));
            t.setDaemon(true);
            t.start();
        }
        try {
            while (!finished.await(PROGRESS_MILLIS, TimeUnit.MILLISECONDS)) {
                if (progress != null) {
                    progress.accept(done.get());
                }
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, e);
            Thread.currentThread().interrupt();
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
        if (f != null) {
            throw new IllegalStateException("the simulation was interrupted", f);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (progress != null) {
            progress.accept(trials);
        }
        List<AnalysisSummary> summaries = new ArrayList<>();
        for (int a = 0; a < analyses.size(); a++) {
            summaries.add(summariseAnalysis(analyses.get(a).label(), a, all, Math.log(scenario.rateRatio())));
        }
        return summarise(trials, workers, elapsed, outcomes, logRateRatio, standardError, success, fullAnalysisSet, summaries);
    }

    private static AnalysisSummary summariseAnalysis(String test, int a, AnalysisOutcome[][] all, double trueLog) {
        int trials = all.length;
        int successes = 0;
        int analysed = 0;
        int withInterval = 0;
        int covered = 0;
        double sumLog = 0;
        double sumSe = 0;
        for (AnalysisOutcome[] trial : all) {
            AnalysisOutcome o = trial[a];
            if (o.success()) {
                successes++;
            }
            if (o.outcome() != TrialOutcome.ANALYSED) {
                continue;
            }
            analysed++;
            sumLog += o.logRateRatio();
            sumSe += o.standardError();
            if (Double.isFinite(o.ciLow()) && Double.isFinite(o.ciHigh())) {
                withInterval++;
                if (o.ciLow() <= trueLog && trueLog <= o.ciHigh()) {
                    covered++;
                }
            }
        }
        ProportionInterval ci = ProportionInterval.clopperPearson(successes, trials, 0.95);
        return new AnalysisSummary(test, trials, successes, (double) successes / trials, ci.low(), ci.high(), analysed,
                analysed == 0 ? Double.NaN : sumLog / analysed - trueLog,
                withInterval == 0 ? Double.NaN : (double) covered / withInterval, withInterval,
                analysed == 0 ? Double.NaN : sumSe / analysed);
    }

    private static PowerResult summarise(int trials, int threads, double elapsed, TrialOutcome[] outcomes,
                                         double[] logRateRatio, double[] standardError, boolean[] success,
                                         int[] fullAnalysisSet, List<AnalysisSummary> summaries) {
        int successes = 0;
        int notConverged = 0;
        int notEstimable = 0;
        double[] analysedLogs = new double[trials];
        int analysed = 0;
        double sumRateRatio = 0;
        double sumLog = 0;
        double sumSe = 0;
        long sumFas = 0;
        for (int k = 0; k < trials; k++) {
            sumFas += fullAnalysisSet[k];
            switch (outcomes[k]) {
                case NOT_CONVERGED -> notConverged++;
                case NOT_ESTIMABLE -> notEstimable++;
                case ANALYSED -> {
                    analysedLogs[analysed++] = logRateRatio[k];
                    sumRateRatio += Math.exp(logRateRatio[k]);
                    sumLog += logRateRatio[k];
                    sumSe += standardError[k];
                    if (success[k]) {
                        successes++;
                    }
                }
            }
        }
        double meanRateRatio = Double.NaN;
        double medianRateRatio = Double.NaN;
        double empiricalSe = Double.NaN;
        double meanSe = Double.NaN;
        if (analysed > 0) {
            meanRateRatio = sumRateRatio / analysed;
            meanSe = sumSe / analysed;
            double meanLog = sumLog / analysed;
            double ss = 0;
            for (int k = 0; k < analysed; k++) {
                double d = analysedLogs[k] - meanLog;
                ss += d * d;
            }
            empiricalSe = analysed > 1 ? Math.sqrt(ss / (analysed - 1)) : Double.NaN;
            double[] sorted = Arrays.copyOf(analysedLogs, analysed);
            Arrays.sort(sorted);
            double medianLog = analysed % 2 == 1 ? sorted[analysed / 2] : (sorted[analysed / 2 - 1] + sorted[analysed / 2]) / 2;
            medianRateRatio = Math.exp(medianLog);
        }
        ProportionInterval ci = ProportionInterval.clopperPearson(successes, trials, 0.95);
        return new PowerResult(trials, successes, (double) successes / trials, ci.low(), ci.high(), analysed,
                notConverged, notEstimable, meanRateRatio, medianRateRatio, empiricalSe, meanSe,
                (double) sumFas / trials, threads, elapsed, trials / elapsed, summaries);
    }
}
