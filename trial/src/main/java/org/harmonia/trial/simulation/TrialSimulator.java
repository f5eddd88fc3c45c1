package org.harmonia.trial.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.NoConvergenceException;
import org.harmonia.stats.glm.CoefficientTest;
import org.harmonia.stats.glm.Family;
import org.harmonia.stats.glm.GlmControl;
import org.harmonia.stats.glm.GlmFit;
import org.harmonia.stats.glm.GlmFitter;
import org.harmonia.stats.StatsException;
import org.harmonia.stats.glm.Glm;
import org.harmonia.stats.glm.Inference;
import org.harmonia.stats.glm.ModelMatrix;
import org.harmonia.stats.glm.NegBinAlgorithm;
import org.harmonia.stats.glm.ProfileLikelihood;
import org.harmonia.stats.glm.RerandomisationTest;
import org.harmonia.stats.glm.Sandwich;
import org.harmonia.stats.glm.ScoreTest;
import org.harmonia.trial.protocol.Sequence;
import org.harmonia.trial.randomisation.AllocationProcedure;
import org.harmonia.trial.randomisation.RandomisationSeed;
import org.harmonia.trial.randomisation.RerandomisedAllocations;
import org.hipparchus.special.Erf;
import org.hipparchus.special.Gamma;

/**
 * Simulates one complete trial at a time under a {@link SimulationScenario} and runs the primary analysis on
 * it: recruitment, allocation by the protocol's algorithm, lesion counts with drop-out, then the negative
 * binomial regression {@code total_gel ~ sequence + baseline_gel + subTrial + offset(log(scans_done))} on the
 * full analysis set. Patients live in primitive arrays reused from trial to trial, and the fitter keeps its
 * work arrays, so an instance is cheap to reuse and must not be shared between threads.
 *
 * <p>Trial k draws from its own stream, {@code SplittableRandom(streamSeed(seed, k))}, so its data do not
 * depend on which thread simulates it or on the trials before. The allocation uses the protocol's algorithm
 * with a per-trial {@link RandomisationSeed} of 32 bytes taken from the start of that stream.
 */
public final class TrialSimulator {
    /** The context of the single minimisation stream of a simulated trial. */
    static final String MINIMISATION_CONTEXT = "simulated-trial";
    private static final double SQRT2 = Math.sqrt(2);
    /**
     * Iterations of IRLS and alternations between beta and theta allowed per fit; R's glm.control allows 25.
     * With the raw baseline count as a covariate the alternation of glm.nb converges slowly, and about 7% of
     * MESEMS-like data sets need more than 25 (R then warns "alternation limit reached" and returns estimates
     * already settled to about five digits); with 100 none of 3,000 such data sets failed.
     */
    static final int MAX_ITERATIONS = 100;
    /** "rerandom" in ASCII: keeps the re-randomisation seeds of a trial apart from the seeds of the simulated trials. */
    private static final long RERANDOMISATION_SALT = 0x7265_7261_6E64_6F6DL;

    private final SimulationScenario scenario;
    /** The analyses run on every trial, the plan's (primary) test first. */
    private final List<Inference> analyses;
    private final boolean intervals;
    private final int experimentalIndex;
    /**
     * The joint Newton fit: it reaches the maximum glm.nb converges to in several times fewer passes over the data
     * (glm.nb's alternation, the fallback, needs 18.5 alternations on average on this model).
     */
    private final GlmFitter fitter = new GlmFitter(
            new GlmControl(MAX_ITERATIONS, GlmControl.DEFAULT.epsilon(), false, NegBinAlgorithm.JOINT_NEWTON));
    private final double[] cumulativeShare;
    private final int lastRecruiting;
    /** Sites ("units") are numbered so that each sub-trial's sites are contiguous: firstUnit[s] .. firstUnit[s] + unitCount[s] - 1. */
    private final int[] firstUnit;
    private final int[] unitCount;
    private final int[] unitSubTrial;
    private final String[] unitSite;
    private final String experimentalSequenceId;
    private final String placeboSequenceId;

    /** The protocol's allocation procedure over the sites: the trial's own lists and minimisation, as the server makes them. */
    private final AllocationProcedure.Units allocation;
    private final int[] sequenceIndex;

    private final int[] unit;
    private final int[] experimentalFirst;
    private final int[] baseline;
    private final int[] scansDone;
    private final int[] total;
    private final int[] dummyColumn;
    private final long[] lesionsBySubTrial;

    public TrialSimulator(SimulationScenario scenario) {
        this(scenario, Inference.WALD);
    }

    /** A simulator whose analysis tests the sequence effect as {@code inference} says (the plan's test). */
    public TrialSimulator(SimulationScenario scenario, Inference inference) {
        this(scenario, List.of(inference));
    }

    /**
     * A simulator that runs several analyses of the sequence effect on every trial, the same data and the same fit
     * for all (the first is the primary one, whose result {@link #run} returns).
     */
    public TrialSimulator(SimulationScenario scenario, List<Inference> analyses) {
        this(scenario, analyses, true);
    }

    /**
     * As above; without {@code intervals} the likelihood-ratio test's profile interval (a dozen refits per trial) is not
     * followed, for runs that need the rejection rates only.
     */
    public TrialSimulator(SimulationScenario scenario, List<Inference> analyses, boolean intervals) {
        this.intervals = intervals;
        if (analyses == null || analyses.isEmpty()) {
            throw new InvalidDataException("a simulation needs at least one analysis");
        }
        this.scenario = scenario;
        this.analyses = List.copyOf(analyses);
        List<RecruitingSubTrial> subTrials = scenario.subTrials();
        int k = subTrials.size();
        cumulativeShare = new double[k];
        firstUnit = new int[k];
        unitCount = new int[k];
        double c = 0;
        int units = 0;
        int last = 0;
        for (int s = 0; s < k; s++) {
            c += subTrials.get(s).share();
            cumulativeShare[s] = c;
            firstUnit[s] = units;
            unitCount[s] = subTrials.get(s).siteIds().size();
            units += unitCount[s];
            if (subTrials.get(s).share() > 0) {
                last = s;
            }
        }
        lastRecruiting = last;
        unitSubTrial = new int[units];
        unitSite = new String[units];
        for (int s = 0; s < k; s++) {
            for (int j = 0; j < unitCount[s]; j++) {
                unitSubTrial[firstUnit[s] + j] = s;
                unitSite[firstUnit[s] + j] = subTrials.get(s).siteIds().get(j);
            }
        }
        experimentalSequenceId = scenario.experimentalSequenceId();
        placeboSequenceId = scenario.sequences().stream().map(Sequence::id)
                .filter(id -> !id.equals(experimentalSequenceId)).findFirst().orElseThrow();

        List<Map<String, String>> unitLevels = new ArrayList<>(units);
        for (int u = 0; u < units; u++) {
            unitLevels.add(Map.of("subTrial", subTrials.get(unitSubTrial[u]).id(), "site", unitSite[u]));
        }
        AllocationProcedure procedure = AllocationProcedure.of(scenario.randomisation(), scenario.sequences());
        experimentalIndex = procedure.indexOf(experimentalSequenceId);
        allocation = procedure.forUnits(unitLevels);

        int n = scenario.patients();
        unit = new int[n];
        experimentalFirst = new int[n];
        baseline = new int[n];
        scansDone = new int[n];
        total = new int[n];
        dummyColumn = new int[k];
        lesionsBySubTrial = new long[k];
        sequenceIndex = new int[n];
    }

    public SimulationScenario scenario() {
        return scenario;
    }

    /**
     * The seed of trial k's random stream: SplitMix64's finaliser over the simulation seed and the index, so
     * that neighbouring indices and seeds give unrelated streams.
     */
    static long streamSeed(long seed, long trialIndex) {
        return mix64(mix64(seed) + 0x9E3779B97F4A7C15L * (trialIndex + 1));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Simulates trial {@code trialIndex} and runs the primary analysis on it (and the others, whose results it carries). */
    public TrialResult run(long trialIndex) {
        simulate(trialIndex);
        return analyse(trialIndex);
    }

    public List<Inference> analyses() {
        return analyses;
    }

    /** Simulates trial {@code trialIndex} and returns its data (a copy, for inspection and export). */
    public SimulatedTrial generate(long trialIndex) {
        simulate(trialIndex);
        int n = scenario.patients();
        List<String> subTrialIds = new ArrayList<>(n);
        List<String> siteIds = new ArrayList<>(n);
        List<String> sequenceIds = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            subTrialIds.add(scenario.subTrials().get(unitSubTrial[unit[i]]).id());
            siteIds.add(unitSite[unit[i]]);
            sequenceIds.add(experimentalFirst[i] == 1 ? experimentalSequenceId : placeboSequenceId);
        }
        return new SimulatedTrial(trialIndex, subTrialIds, siteIds, sequenceIds, baseline, scansDone, total);
    }

    private void simulate(long trialIndex) {
        if (trialIndex < 0) {
            throw new IllegalArgumentException("a trial index cannot be negative; got " + trialIndex);
        }
        SplittableRandom random = new SplittableRandom(streamSeed(scenario.seed(), trialIndex));
        byte[] seedBytes = new byte[32];
        for (int b = 0; b < seedBytes.length; b += Long.BYTES) {
            long v = random.nextLong();
            for (int j = 0; j < Long.BYTES; j++) {
                seedBytes[b + j] = (byte) (v >>> (8 * j));
            }
        }
        recruit(random);
        allocate(RandomisationSeed.ofBytes(seedBytes));
        outcomes(random);
    }

    private void recruit(SplittableRandom random) {
        int n = scenario.patients();
        int k = cumulativeShare.length;
        if (scenario.fixedRecruitment()) {
            recruitFixed(random);
            return;
        }
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int s = 0;
            while (s < k && !(u < cumulativeShare[s])) {
                s++;
            }
            if (s == k) {
                // The shares sum to 1 only to rounding; a draw above the last cumulative share goes to the last recruiting sub-trial.
                s = lastRecruiting;
            }
            int count = unitCount[s];
            unit[i] = firstUnit[s] + (count == 1 ? 0 : random.nextInt(count));
        }
    }

    /**
     * Each sub-trial gets exactly its share of the patients (rounded by largest remainders), in random arrival order,
     * and each patient a site drawn uniformly among its sub-trial's sites.
     */
    private void recruitFixed(SplittableRandom random) {
        int n = scenario.patients();
        List<RecruitingSubTrial> subTrials = scenario.subTrials();
        int k = subTrials.size();
        int[] count = new int[k];
        double[] remainder = new double[k];
        int given = 0;
        for (int s = 0; s < k; s++) {
            double exact = subTrials.get(s).share() * n;
            count[s] = (int) Math.floor(exact);
            remainder[s] = exact - count[s];
            given += count[s];
        }
        while (given < n) {
            int best = 0;
            for (int s = 1; s < k; s++) {
                if (remainder[s] > remainder[best]) {
                    best = s;
                }
            }
            count[best]++;
            remainder[best] = -1;
            given++;
        }
        int i = 0;
        for (int s = 0; s < k; s++) {
            for (int c = 0; c < count[s]; c++) {
                unit[i++] = s;
            }
        }
        for (int j = n - 1; j > 0; j--) {
            int r = random.nextInt(j + 1);
            int t = unit[j];
            unit[j] = unit[r];
            unit[r] = t;
        }
        for (int j = 0; j < n; j++) {
            int s = unit[j];
            unit[j] = firstUnit[s] + (unitCount[s] == 1 ? 0 : random.nextInt(unitCount[s]));
        }
    }

    private void allocate(RandomisationSeed seed) {
        int n = scenario.patients();
        allocation.allocate(seed, MINIMISATION_CONTEXT, unit, n, sequenceIndex);
        for (int i = 0; i < n; i++) {
            experimentalFirst[i] = sequenceIndex[i] == experimentalIndex ? 1 : 0;
        }
    }

    private void outcomes(SplittableRandom random) {
        int n = scenario.patients();
        double theta = scenario.theta();
        double placeboRate = scenario.placeboMean();
        double experimentalRate = scenario.placeboMean() * scenario.rateRatio();
        double baselineMean = scenario.baselineMean();
        double dropout = scenario.dropout();
        int scans = scenario.scans();
        for (int i = 0; i < n; i++) {
            double frailty = Variates.gamma(random, theta) / theta;
            baseline[i] = Variates.poisson(random, baselineMean * frailty);
            int m = 0;
            if (dropout == 0) {
                m = scans;
            } else {
                while (m < scans && random.nextDouble() >= dropout) {
                    m++;
                }
            }
            scansDone[i] = m;
            // Given the frailty the scans are independent Poisson counts, so their sum is one Poisson draw.
            double rate = experimentalFirst[i] == 1 ? experimentalRate : placeboRate;
            total[i] = m == 0 ? 0 : Variates.poisson(random, m * rate * frailty);
        }
    }

    /**
     * Fits {@code total_gel ~ sequence + baseline_gel + subTrial + offset(log(scans_done))} on the full analysis
     * set. A sub-trial whose analysed patients had no lesions at all is left out with its patients: its
     * coefficient has no finite estimate (R's glm.nb sends it towards minus infinity with a huge standard
     * error), and at that limit its patients add nothing to the likelihood of the other parameters, so
     * leaving them out gives the same sequence effect without a singular fit.
     */
    private TrialResult analyse(long trialIndex) {
        int patients = scenario.patients();
        int k = dummyColumn.length;
        Arrays.fill(lesionsBySubTrial, 0);
        Arrays.fill(dummyColumn, -2);
        int fullAnalysisSet = 0;
        for (int i = 0; i < patients; i++) {
            if (scansDone[i] > 0) {
                fullAnalysisSet++;
                int s = unitSubTrial[unit[i]];
                dummyColumn[s] = -1;
                lesionsBySubTrial[s] += total[i];
            }
        }
        // Treatment contrasts as R builds them: the first sub-trial present (protocol order) is the reference.
        int p = 3;
        int n = 0;
        boolean reference = true;
        for (int s = 0; s < k; s++) {
            if (dummyColumn[s] == -1 && lesionsBySubTrial[s] == 0 && k > 1) {
                dummyColumn[s] = -2;
            }
            if (dummyColumn[s] == -1) {
                if (reference) {
                    reference = false;
                } else {
                    dummyColumn[s] = p++;
                }
            }
        }
        for (int i = 0; i < patients; i++) {
            if (scansDone[i] > 0 && dummyColumn[unitSubTrial[unit[i]]] != -2) {
                n++;
            }
        }
        if (n <= p) {
            return failed(trialIndex, fullAnalysisSet, TrialOutcome.NOT_ESTIMABLE);
        }
        double[][] x = new double[p][n];
        double[] y = new double[n];
        double[] offset = new double[n];
        int row = 0;
        for (int i = 0; i < patients; i++) {
            int m = scansDone[i];
            int column = dummyColumn[unitSubTrial[unit[i]]];
            if (m == 0 || column == -2) {
                continue;
            }
            x[0][row] = 1;
            x[1][row] = experimentalFirst[i];
            x[2][row] = baseline[i];
            if (column >= 3) {
                x[column][row] = 1;
            }
            y[row] = total[i];
            offset[row] = Math.log(m);
            row++;
        }
        GlmFit fit;
        try {
            fit = fitter.fit(Family.NEGBIN, x, y, offset, true);
        } catch (NoConvergenceException e) {
            return failed(trialIndex, fullAnalysisSet, TrialOutcome.NOT_CONVERGED);
        } catch (InvalidDataException e) {
            return failed(trialIndex, fullAnalysisSet, TrialOutcome.NOT_ESTIMABLE);
        }
        double estimate = fit.coefficient(1);
        if (!Double.isFinite(estimate) || !(fit.standardError(1) > 0) || Double.isInfinite(fit.standardError(1))) {
            return failed(trialIndex, fullAnalysisSet, TrialOutcome.NOT_ESTIMABLE);
        }
        AnalysisOutcome[] outcomes = new AnalysisOutcome[analyses.size()];
        GlmFit without = null;
        TrialOutcome withoutFailure = null;
        for (int a = 0; a < outcomes.length; a++) {
            Inference inference = analyses.get(a);
            double se = inference.test() == CoefficientTest.ROBUST
                    ? Math.sqrt(Sandwich.covariance(fit, x, inference.robustType())[p + 1])
                    : fit.standardError(1);
            if (!(se > 0) || Double.isInfinite(se)) {
                outcomes[a] = AnalysisOutcome.failed(TrialOutcome.NOT_ESTIMABLE);
                continue;
            }
            double pValue;
            double low = estimate - Glm.Z_975 * se;
            double high = estimate + Glm.Z_975 * se;
            switch (inference.test()) {
                case LRT -> {
                    if (without == null && withoutFailure == null) {
                        // The model refitted without sequence, with its own theta, as anova() of two glm.nb fits.
                        try {
                            without = fitter.fit(Family.NEGBIN, ModelMatrix.withoutColumn(x, 1), y, offset, true);
                        } catch (NoConvergenceException e) {
                            withoutFailure = TrialOutcome.NOT_CONVERGED;
                        } catch (InvalidDataException e) {
                            withoutFailure = TrialOutcome.NOT_ESTIMABLE;
                        }
                    }
                    if (without == null) {
                        outcomes[a] = AnalysisOutcome.failed(withoutFailure);
                        continue;
                    }
                    double lr = Math.max(0, 2 * (fit.logLik() - without.logLik()));
                    pValue = Gamma.regularizedGammaQ(0.5, lr / 2);
                    low = Double.NaN;
                    high = Double.NaN;
                    if (intervals) {
                        try {
                            double[] ci = new ProfileLikelihood(Family.NEGBIN, x, y, offset, fit).interval(1, Glm.Z_975, "sequence");
                            low = ci[0];
                            high = ci[1];
                        } catch (StatsException e) {
                            // an unbounded profile: no interval, left out of the coverage
                        }
                    }
                }
                case RERANDOMISATION -> {
                    try {
                        pValue = rerandomisationP(trialIndex, inference, x, y, offset, n);
                    } catch (NoConvergenceException e) {
                        outcomes[a] = AnalysisOutcome.failed(TrialOutcome.NOT_CONVERGED);
                        continue;
                    } catch (InvalidDataException e) {
                        outcomes[a] = AnalysisOutcome.failed(TrialOutcome.NOT_ESTIMABLE);
                        continue;
                    }
                }
                default -> pValue = Erf.erfc(Math.abs(estimate / se) / SQRT2);
            }
            boolean success = pValue < scenario.alpha() && (!scenario.requireBenefit() || estimate < 0);
            outcomes[a] = new AnalysisOutcome(TrialOutcome.ANALYSED, estimate, se, pValue, low, high, success);
        }
        return new TrialResult(trialIndex, fullAnalysisSet, List.of(outcomes));
    }

    /**
     * The re-randomisation p-value of the trial just analysed: the allocation procedure re-run over all randomised
     * patients in their arrival order (drop-outs and left-out sub-trials included, as in the trial), each re-run from
     * its own seed derived from the simulation seed and the trial index, against the score statistic of the model
     * without sequence fitted once.
     */
    private double rerandomisationP(long trialIndex, Inference inference, double[][] x, double[] y, double[] offset, int rows) {
        int patients = scenario.patients();
        int[] rowPatient = new int[rows];
        int row = 0;
        for (int i = 0; i < patients; i++) {
            if (scansDone[i] > 0 && dummyColumn[unitSubTrial[unit[i]]] != -2) {
                rowPatient[row++] = i;
            }
        }
        ScoreTest score = RerandomisationTest.nullModel(Family.NEGBIN, x, y, offset, true, 1, fitter);
        long seed = streamSeed(scenario.seed() ^ RERANDOMISATION_SALT, trialIndex);
        RerandomisationTest t = RerandomisationTest.run("sequence", score, x[1],
                new RerandomisedAllocations(allocation.rerun(unit, patients), seed, experimentalIndex, rowPatient),
                inference.rerandomisations(), seed);
        return t.p();
    }

    private TrialResult failed(long trialIndex, int n, TrialOutcome outcome) {
        List<AnalysisOutcome> all = new ArrayList<>(analyses.size());
        for (int a = 0; a < analyses.size(); a++) {
            all.add(AnalysisOutcome.failed(outcome));
        }
        return new TrialResult(trialIndex, n, all);
    }
}
