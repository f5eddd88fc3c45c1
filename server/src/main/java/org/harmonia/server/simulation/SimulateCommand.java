package org.harmonia.server.simulation;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import org.harmonia.server.cli.UsageException;
import org.harmonia.server.protocol.ProtocolFiles;
import org.harmonia.server.stats.JsonOutput;
import org.harmonia.stats.glm.CoefficientTest;
import org.harmonia.stats.glm.Inference;
import org.harmonia.stats.glm.RobustType;
import org.harmonia.trial.protocol.AnalysisMethod;
import org.harmonia.trial.protocol.AnalysisSpec;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Randomisation;
import org.harmonia.trial.protocol.RandomisationMethod;
import org.harmonia.trial.simulation.AnalysisSummary;
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
    /** Each simulated trial is one test: a few hundred re-randomisations keep the level while a run stays minutes, not hours. */
    static final int DEFAULT_SIMULATED_RERANDOMISATIONS = 500;

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
            description = "Test of the sequence effect: wald, lrt, robust or rerandomisation (default: the analysis plan's test, Wald if it names none).")
    String test;

    @Option(names = "--robust-type", paramLabel = "TYPE", description = "With --test robust: hc0 or hc3 (default hc3).")
    String robustType;

    @Option(names = "--analyses", paramLabel = "TESTS", split = ",",
            description = {"Analyses compared on the same trials, after the plan's: wald, lrt, robust-hc0, robust-hc3, rerandomisation",
                    "(default: wald, lrt, robust-hc0, robust-hc3; give only the plan's test to compare none)."})
    List<String> analyses;

    @Option(names = "--rerandomisations", paramLabel = "M",
            description = "Re-randomisations per simulated trial for the re-randomisation test (default: 500; the plan's count is for one real trial).")
    Integer rerandomisations;

    @Option(names = "--recruitment", paramLabel = "HOW", defaultValue = "random",
            description = "random: each patient joins a sub-trial with its share as probability (default); fixed: each sub-trial recruits exactly its share.")
    String recruitment;

    @Option(names = "--block-sizes", paramLabel = "B,B", split = ",",
            description = "Permuted block sizes instead of the protocol's (e.g. 144: one block per stratum, no balance forced).")
    List<Integer> blockSizes;

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
        List<Inference> compared = compared(inference);
        PrintWriter err = spec.commandLine().getErr();
        boolean bar = !json && System.console() != null;
        int runs = s.rateRatio() == 1 ? 1 : 2;
        PowerResult result = new PowerSimulation(s, compared).run(trials, threadCount,
                bar ? progressBar(err, trials, runs, 0) : null);
        // the type I error of every analysis from the same trials (same seed) under rate ratio 1: only the rejection
        // rates are read, so no profile-likelihood interval is followed
        PowerResult nullResult = runs == 1 ? result
                : new PowerSimulation(s.withRateRatio(1), compared, false).run(trials, threadCount, bar ? progressBar(err, trials, runs, 1) : null);
        if (bar) {
            err.print("\r" + " ".repeat(BAR_WIDTH + 40) + "\r");
            err.flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonOutput.write(SimulationReport.of(s, inference, result, nullResult)));
        } else {
            out.print(text(s, inference, result, seed == null));
            out.print(comparison(s, result, nullResult));
        }
        out.flush();
        return 0;
    }

    /** The test asked for on the command line, else the plan's primary analysis' test. */
    private Inference inference(Protocol protocol) {
        Inference chosen;
        if (test == null && robustType == null) {
            chosen = protocol.analysis().first(AnalysisMethod.NEGATIVE_BINOMIAL).map(AnalysisSpec::inference).orElse(Inference.WALD);
        } else {
            chosen = Inference.parse(test == null ? "robust" : test, robustType);
        }
        if (chosen.test() == CoefficientTest.RERANDOMISATION) {
            return Inference.rerandomisation(simulatedRerandomisations(), null);
        }
        if (rerandomisations != null && (analyses == null
                || analyses.stream().noneMatch(a -> a.strip().equalsIgnoreCase("rerandomisation")))) {
            throw new UsageException("--rerandomisations goes with the re-randomisation test (--test rerandomisation or --analyses ...,rerandomisation)");
        }
        return chosen;
    }

    private int simulatedRerandomisations() {
        return rerandomisations == null ? DEFAULT_SIMULATED_RERANDOMISATIONS : rerandomisations;
    }

    /** The primary test first, then the others asked for (or the default ones), each once. */
    private List<Inference> compared(Inference primary) {
        List<String> names = analyses == null ? List.of("wald", "lrt", "robust-hc0", "robust-hc3") : analyses;
        List<Inference> out = new ArrayList<>();
        out.add(primary);
        for (String name : names) {
            Inference i = switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "wald" -> Inference.WALD;
                case "lrt" -> Inference.LRT;
                case "robust", "robust-hc3" -> Inference.robust(RobustType.HC3);
                case "robust-hc0" -> Inference.robust(RobustType.HC0);
                case "rerandomisation" -> Inference.rerandomisation(simulatedRerandomisations(), null);
                default -> throw new UsageException("--analyses: unknown analysis \"" + name
                        + "\"; use wald, lrt, robust-hc0, robust-hc3 or rerandomisation");
            };
            if (!out.contains(i)) {
                out.add(i);
            }
        }
        return out;
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
        switch (recruitment) {
            case "random" -> { }
            case "fixed" -> s = s.withFixedRecruitment(true);
            default -> throw new UsageException("--recruitment must be random or fixed; got " + recruitment);
        }
        if (blockSizes != null) {
            Randomisation r = s.randomisation();
            if (r.method() != RandomisationMethod.PERMUTED_BLOCKS) {
                throw new UsageException("--block-sizes: study " + protocol.id() + " does not randomise by permuted blocks");
            }
            s = s.withRandomisation(new Randomisation(r.method(), blockSizes, r.strata(), r.factors(), r.probability()));
        }
        return s;
    }

    private static IntConsumer progressBar(PrintWriter err, int total, int runs, int run) {
        return done -> {
            long all = (long) total * runs;
            long now = (long) total * run + done;
            int filled = (int) (now * BAR_WIDTH / all);
            err.print("\r[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + now + "/" + all + " trials"
                    + (runs > 1 ? (run == 0 ? " (at the rate ratio)" : " (at rate ratio 1)") : ""));
            err.flush();
        };
    }

    /** The table of the analyses compared on the same trials. */
    static String comparison(SimulationScenario s, PowerResult result, PowerResult nullResult) {
        boolean alternative = s.rateRatio() != 1;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%nAnalyses compared on the same %d trials (type I error at rate ratio 1%s; bias of the log rate "
                + "ratio and coverage of its 95%% CI at rate ratio %s):%n", result.trials(),
                alternative ? ", power at rate ratio " + num(s.rateRatio()) : "", num(s.rateRatio())));
        sb.append(String.format("  %-24s %-26s %s%9s %9s %8s%n", "test", "type I error (95% CI)",
                alternative ? String.format("%-26s ", "power (95% CI)") : "", "bias", "coverage", "mean SE"));
        for (int a = 0; a < result.analyses().size(); a++) {
            AnalysisSummary at = result.analyses().get(a);
            AnalysisSummary at1 = nullResult.analyses().get(a);
            sb.append(String.format("  %-24s %-26s %s%9.4f %9.4f %8.4f%n", label(at.test(), a == 0), rate(at1),
                    alternative ? String.format("%-26s ", rate(at)) : "", at.biasLogRateRatio(), at.coverage(),
                    at.meanSeLogRateRatio()));
        }
        sb.append("  (failed analyses count as not significant; the re-randomisation test's interval is Wald's, the "
                + "likelihood-ratio test's the profile likelihood's)\n");
        return sb.toString();
    }

    private static String label(String test, boolean primary) {
        return primary ? test + ", the plan's" : test;
    }

    private static String rate(AnalysisSummary a) {
        return String.format("%.4f (%.4f-%.4f)", a.rate(), a.ciLow(), a.ciHigh());
    }

    static String testName(Inference inference) {
        return switch (inference.test()) {
            case WALD -> "Wald test";
            case LRT -> "likelihood-ratio test (each model with its own theta)";
            case ROBUST -> "Wald test with robust " + inference.robustType().label().toUpperCase(Locale.ROOT) + " SE";
            case RERANDOMISATION -> "re-randomisation test (" + inference.rerandomisations()
                    + " re-randomisations of the protocol's allocation per trial, score statistic)";
        };
    }

    static String text(SimulationScenario s, Inference inference, PowerResult r, boolean seedWasDrawn) {
        StringBuilder sb = new StringBuilder();
        boolean nullHypothesis = s.rateRatio() == 1;
        sb.append(String.format("%s: %s of the primary analysis, %d simulated trials (seed %d%s)%n", s.studyId().toUpperCase(),
                nullHypothesis ? "type I error" : "power", r.trials(), s.seed(), seedWasDrawn ? "; repeat with --seed " + s.seed() : ""));
        long recruiting = s.subTrials().stream().filter(t -> t.share() > 0).count();
        boolean equal = s.subTrials().stream().allMatch(t -> Math.abs(t.share() - 1.0 / s.subTrials().size()) < 1e-12);
        sb.append(String.format("  design:   %d patients, %s, %d sub-trial(s)%s%s%n", s.patients(), SimulationReport.allocation(s),
                recruiting, equal ? " recruiting equally" : "", s.fixedRecruitment() ? " (fixed numbers)" : ""));
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
