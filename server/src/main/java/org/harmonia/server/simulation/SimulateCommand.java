package org.harmonia.server.simulation;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import org.harmonia.server.cli.UsageException;
import org.harmonia.server.protocol.ProtocolFiles;
import org.harmonia.server.stats.JsonOutput;
import org.harmonia.stats.glm.Inference;
import org.harmonia.trial.protocol.AnalysisMethod;
import org.harmonia.trial.protocol.AnalysisSpec;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.simulation.PowerResult;
import org.harmonia.trial.simulation.PowerSimulation;
import org.harmonia.trial.simulation.SimulationScenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code harmonia simulate}: the power (or type I error) of a study's primary analysis, by simulating complete
 * trials under its protocol.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate complete trials under a protocol (its allocation included) and report the power of the",
                "pre-specified primary analysis, or its type I error when the rate ratio is 1. See docs/simulation.md."})
public final class SimulateCommand implements Callable<Integer> {
    private static final int BAR_WIDTH = 40;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--study", required = true, paramLabel = "FILE|STUDY", description = "A protocol file, or a study id in the protocols directory.")
    String study;

    @Option(names = "--protocols", paramLabel = "DIR", description = "Directory of protocol files (default: $HARMONIA_HOME/protocols or ./protocols).")
    Path protocols;

    @Option(names = "--rate-ratio", paramLabel = "RR", defaultValue = "1", description = "True rate ratio, experimental over placebo (default: ${DEFAULT-VALUE}, the null hypothesis).")
    double rateRatio;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "1000", description = "Trials to simulate (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--seed", paramLabel = "S", description = "Simulation seed (default: a random one, printed so the run can be repeated).")
    Long seed;

    @Option(names = "--patients", paramLabel = "N", description = "Patients per trial (default: the protocol's planned enrolment).")
    Integer patients;

    @Option(names = "--mean", paramLabel = "MU", description = "Placebo lesions per scan, also the baseline mean unless --baseline-mean is given (default: 1.5).")
    Double mean;

    @Option(names = "--baseline-mean", paramLabel = "MU", description = "Lesions expected on the baseline scan (default: --mean).")
    Double baselineMean;

    @Option(names = "--theta", paramLabel = "THETA", description = "Negative binomial shape, variance mu + mu^2/theta (default: 0.5).")
    Double theta;

    @Option(names = "--dropout", paramLabel = "P", description = "Probability of dropping out before each post-baseline scan (default: 0.02).")
    Double dropout;

    @Option(names = "--alpha", paramLabel = "A", description = "Two-sided significance level (default: 0.05).")
    Double alpha;

    @Option(names = "--require-benefit", description = "Count a trial a success only if p < alpha AND the estimated rate ratio is below 1.")
    boolean requireBenefit;

    @Option(names = "--share", paramLabel = "SUBTRIAL=W", description = "Recruitment share of a sub-trial (repeat; the shares must sum to 1; sub-trials not named recruit nobody). Default: equal.")
    Map<String, Double> shares;

    @Option(names = "--test", paramLabel = "TEST",
            description = "Test of the sequence effect: wald, lrt or robust (default: the analysis plan's test, Wald if it names none).")
    String test;

    @Option(names = "--robust-type", paramLabel = "TYPE", description = "With --test robust: hc0 or hc3 (default hc3).")
    String robustType;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: the available processors).")
    Integer threads;

    @Option(names = "--json", description = "Print the scenario and the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Protocol protocol = ProtocolFiles.loader().load(ProtocolFiles.resolve(study, protocols));
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1) {
            throw new UsageException("--threads must be at least 1; got " + threadCount);
        }
        long chosenSeed = seed != null ? seed : new SecureRandom().nextLong() >>> 1;
        SimulationScenario s = scenario(protocol, chosenSeed);
        Inference inference = inference(protocol);
        PowerSimulation simulation = new PowerSimulation(s, inference);
        PrintWriter err = spec.commandLine().getErr();
        boolean bar = !json && System.console() != null;
        PowerResult result = simulation.run(trials, threadCount, bar ? progressBar(err, trials) : null);
        if (bar) {
            err.print("\r" + " ".repeat(BAR_WIDTH + 30) + "\r");
            err.flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonOutput.write(SimulationReport.of(s, inference, result)));
        } else {
            out.print(text(s, inference, result, seed == null));
        }
        out.flush();
        return 0;
    }

    /** The test asked for on the command line, else the plan's primary analysis' test. */
    private Inference inference(Protocol protocol) {
        if (test == null && robustType == null) {
            return protocol.analysis().first(AnalysisMethod.NEGATIVE_BINOMIAL).map(AnalysisSpec::inference).orElse(Inference.WALD);
        }
        return Inference.parse(test == null ? "robust" : test, robustType);
    }

    private SimulationScenario scenario(Protocol protocol, long chosenSeed) {
        SimulationScenario s = SimulationScenario.fromProtocol(protocol).withSeed(chosenSeed).withRateRatio(rateRatio)
                .withRequireBenefit(requireBenefit);
        if (patients != null) {
            s = s.withPatients(patients);
        }
        if (mean != null) {
            s = s.withMean(mean);
        }
        if (baselineMean != null) {
            s = s.withBaselineMean(baselineMean);
        }
        if (theta != null) {
            s = s.withTheta(theta);
        }
        if (dropout != null) {
            s = s.withDropout(dropout);
        }
        if (alpha != null) {
            s = s.withAlpha(alpha);
        }
        if (shares != null && !shares.isEmpty()) {
            s = s.withShares(shares);
        }
        return s;
    }

    private static IntConsumer progressBar(PrintWriter err, int total) {
        return done -> {
            int filled = (int) ((long) done * BAR_WIDTH / total);
            err.print("\r[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + done + "/" + total + " trials");
            err.flush();
        };
    }

    static String testName(Inference inference) {
        return switch (inference.test()) {
            case WALD -> "Wald test";
            case LRT -> "likelihood-ratio test (each model with its own theta)";
            case ROBUST -> "Wald test with robust " + inference.robustType().label().toUpperCase(java.util.Locale.ROOT) + " SE";
        };
    }

    static String text(SimulationScenario s, Inference inference, PowerResult r, boolean seedWasDrawn) {
        StringBuilder sb = new StringBuilder();
        boolean nullHypothesis = s.rateRatio() == 1;
        sb.append(String.format("%s: %s of the primary analysis, %d simulated trials (seed %d%s)%n", s.studyId().toUpperCase(),
                nullHypothesis ? "type I error" : "power", r.trials(), s.seed(), seedWasDrawn ? "; repeat with --seed " + s.seed() : ""));
        long recruiting = s.subTrials().stream().filter(t -> t.share() > 0).count();
        boolean equal = s.subTrials().stream().allMatch(t -> Math.abs(t.share() - 1.0 / s.subTrials().size()) < 1e-12);
        sb.append(String.format("  design:   %d patients, %s, %d sub-trial(s)%s%n", s.patients(), SimulationReport.allocation(s),
                recruiting, equal ? " recruiting equally" : ""));
        sb.append(String.format("  model:    placebo %s lesions per scan (baseline %s), theta %s, rate ratio %s in sequence %s, drop-out %s per scan, %d scans%n",
                num(s.placeboMean()), num(s.baselineMean()), num(s.theta()), num(s.rateRatio()), s.experimentalSequenceId(),
                num(s.dropout()), s.scans()));
        sb.append(String.format("  analysis: total ~ sequence + baseline + subTrial + offset(log(scans)), NB2, %s, two-sided alpha %s%s%n",
                testName(inference), num(s.alpha()), s.requireBenefit() ? ", success only with rate ratio < 1" : ""));
        sb.append('\n');
        sb.append(String.format("%s: %.4f (95%% CI %.4f to %.4f, Clopper-Pearson), %d of %d trials with p < %s%s%n",
                nullHypothesis ? "Type I error" : "Power", r.power(), r.ciLow(), r.ciHigh(), r.successes(), r.trials(), num(s.alpha()),
                s.requireBenefit() ? " and rate ratio < 1" : ""));
        sb.append(String.format("Estimated rate ratio: median %.4f, mean %.4f; log rate ratio: empirical SE %.4f, mean model SE %.4f%n",
                r.medianRateRatio(), r.meanRateRatio(), r.empiricalSeLogRateRatio(), r.meanModelSeLogRateRatio()));
        sb.append(String.format("Full analysis set: %.1f patients on average%n", r.meanFullAnalysisSet()));
        sb.append(String.format("Analyses that failed: %d (not converged %d, not estimable %d), counted as not significant%n",
                r.failures(), r.notConverged(), r.notEstimable()));
        sb.append(String.format("Throughput: %d trials in %.2f s (%.0f trials/s, %d thread%s)%n", r.trials(), r.elapsedSeconds(),
                r.trialsPerSecond(), r.threads(), r.threads() == 1 ? "" : "s"));
        return sb.toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
