package org.harmonia.trial.simulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.trial.protocol.Arm;
import org.harmonia.trial.protocol.Endpoint;
import org.harmonia.trial.protocol.EndpointType;
import org.harmonia.trial.protocol.Level;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Randomisation;
import org.harmonia.trial.protocol.RandomisationMethod;
import org.harmonia.trial.protocol.Sequence;
import org.harmonia.trial.protocol.Site;
import org.harmonia.trial.protocol.SubTrial;
import org.harmonia.trial.randomisation.ImbalanceMeasure;
import org.harmonia.trial.randomisation.Minimisation;
import org.harmonia.trial.randomisation.PermutedBlockList;
import org.harmonia.trial.randomisation.RandomisationException;

/**
 * One design and set of assumptions to simulate trials under: the protocol's allocation, recruitment, the
 * lesion-count model and the success rule. Validated on construction; {@link #fromProtocol} gives the
 * defaults and the {@code with...} methods change one assumption at a time.
 *
 * <p>Data-generating model for patient i (see docs/simulation.md): a frailty {@code u_i ~ Gamma(theta, rate
 * theta)} (mean 1, variance 1/theta) shared by all the patient's scans; baseline count {@code ~ Poisson(
 * baselineMean * u_i)}; each post-baseline scan {@code ~ Poisson(placeboMean * u_i * RR)} (RR only in the
 * sequence that starts on the experimental arm), independent given u_i, so each scan and the total over m
 * scans are negative binomial (NB2) with shape theta; before each post-baseline scan a patient still in the
 * trial drops out with probability {@code dropout}, missing that scan and all later ones.
 *
 * @param studyId                the protocol's id, for reports
 * @param randomisation          the allocation algorithm (permuted blocks or minimisation over subTrial/site)
 * @param sequences              the two sequences allocated to
 * @param experimentalSequenceId the sequence whose first period is the experimental arm; its patients get the rate ratio
 * @param subTrials              where patients are recruited, with shares summing to 1
 * @param patients               patients randomised per trial
 * @param scans                  post-baseline scans a patient who stays has (MESEMS: weeks 4, 12 and 24)
 * @param placeboMean            expected lesions per scan on placebo for a patient of average frailty
 * @param baselineMean           expected lesions on the baseline scan
 * @param theta                  negative binomial shape (NB2: variance mu + mu^2 / theta); smaller is more overdispersed
 * @param rateRatio              the true rate ratio, experimental over placebo (1 simulates the null hypothesis)
 * @param dropout                probability of dropping out before each post-baseline scan
 * @param alpha                  two-sided significance level of the Wald test
 * @param requireBenefit         count a trial a success only when, besides p below alpha, the estimated rate ratio is below 1
 * @param fixedRecruitment       each sub-trial recruits exactly its share of the patients (largest remainders), instead of
 *                               each patient joining a sub-trial at random with its share as probability; for comparing
 *                               with designs that fix the stratum sizes
 * @param seed                   the simulation seed; trial k's random numbers depend only on (seed, k)
 */
public record SimulationScenario(String studyId, Randomisation randomisation, List<Sequence> sequences,
                                 String experimentalSequenceId, List<RecruitingSubTrial> subTrials, int patients,
                                 int scans, double placeboMean, double baselineMean, double theta, double rateRatio,
                                 double dropout, double alpha, boolean requireBenefit, boolean fixedRecruitment, long seed) {
    /** The stratification and minimisation factors a simulated patient has values for. */
    public static final Set<String> KNOWN_FACTORS = Set.of("subTrial", "site");
    /** Assumed when the user gives none: a few enhancing lesions per scan in active MS, strongly overdispersed. */
    public static final double DEFAULT_PLACEBO_MEAN = 1.5;
    public static final double DEFAULT_THETA = 0.5;
    public static final double DEFAULT_DROPOUT = 0.02;
    public static final double DEFAULT_ALPHA = 0.05;
    /** Minimisation as the protocol gives it carries no imbalance measure; Pocock and Simon's range is used. */
    public static final ImbalanceMeasure MINIMISATION_MEASURE = ImbalanceMeasure.RANGE;
    private static final double SHARE_TOLERANCE = 1e-9;
    /** Beyond this many patients a trial is no longer MESEMS-like, and the arrays per thread grow needlessly. */
    private static final int MAX_PATIENTS = 100_000;

    public SimulationScenario {
        if (studyId == null || studyId.isBlank()) {
            throw new InvalidDataException("a simulation scenario needs the study id");
        }
        if (randomisation == null || randomisation.method() == RandomisationMethod.NONE) {
            throw new InvalidDataException("study " + studyId + " does not randomise; the simulator needs permuted blocks or minimisation");
        }
        sequences = List.copyOf(sequences);
        if (sequences.size() != 2) {
            throw new InvalidDataException("the simulator compares two sequences; study " + studyId + " has " + sequences.size());
        }
        if (sequences.stream().noneMatch(s -> s.id().equals(experimentalSequenceId))) {
            throw new InvalidDataException("the experimental sequence \"" + experimentalSequenceId + "\" is not one of "
                    + sequences.stream().map(Sequence::id).toList());
        }
        List<String> factors = randomisation.method() == RandomisationMethod.MINIMISATION ? randomisation.factors() : randomisation.strata();
        for (String f : factors) {
            if (!KNOWN_FACTORS.contains(f)) {
                throw new InvalidDataException("the protocol " + (randomisation.method() == RandomisationMethod.MINIMISATION
                        ? "minimises over" : "stratifies by") + " \"" + f + "\", which simulated patients do not have;"
                        + " the simulator knows subTrial and site");
            }
        }
        try {
            if (randomisation.method() == RandomisationMethod.PERMUTED_BLOCKS) {
                PermutedBlockList.of(randomisation, sequences);
            } else {
                Minimisation.of(randomisation, sequences, MINIMISATION_MEASURE);
            }
        } catch (RandomisationException e) {
            throw new InvalidDataException("the protocol's randomisation cannot be simulated: " + e.getMessage());
        }
        subTrials = List.copyOf(subTrials);
        if (subTrials.isEmpty()) {
            throw new InvalidDataException("the simulator needs at least one sub-trial to recruit into");
        }
        double total = 0;
        Set<String> ids = new java.util.HashSet<>();
        Set<String> sites = new java.util.HashSet<>();
        for (RecruitingSubTrial s : subTrials) {
            if (!ids.add(s.id())) {
                throw new InvalidDataException("sub-trial " + s.id() + " is listed twice");
            }
            for (String site : s.siteIds()) {
                if (!sites.add(site)) {
                    throw new InvalidDataException("site " + site + " belongs to more than one sub-trial");
                }
            }
            total += s.share();
        }
        if (Math.abs(total - 1) > SHARE_TOLERANCE) {
            throw new InvalidDataException("the recruitment shares of the sub-trials must sum to 1; they sum to " + total);
        }
        if (patients < 2 || patients > MAX_PATIENTS) {
            throw new InvalidDataException("the number of patients must be between 2 and " + MAX_PATIENTS + "; got " + patients);
        }
        if (scans < 1) {
            throw new InvalidDataException("each patient needs at least one post-baseline scan; got " + scans);
        }
        positive("the placebo mean (lesions per scan)", placeboMean);
        positive("the baseline mean (lesions on the baseline scan)", baselineMean);
        positive("theta (the negative binomial shape)", theta);
        positive("the rate ratio", rateRatio);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new InvalidDataException("the drop-out probability per scan must be at least 0 and below 1; got " + dropout);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new InvalidDataException("alpha must be between 0 and 1 (exclusive); got " + alpha);
        }
    }

    private static void positive(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidDataException(what + " must be a positive number; got " + value);
        }
    }

    /**
     * The protocol's design with the default assumptions: its planned enrolment, its allocation, equal
     * recruitment over its sub-trials, the scans of its primary count endpoint, placebo mean 1.5 lesions per
     * scan (and at baseline), theta 0.5, rate ratio 1, drop-out 0.02 per scan, alpha 0.05, seed 1.
     */
    public static SimulationScenario fromProtocol(Protocol protocol) {
        Integer planned = protocol.design().plannedEnrolment();
        if (planned == null) {
            throw new InvalidDataException("protocol " + protocol.id() + " gives no planned enrolment; give the number of patients");
        }
        List<RecruitingSubTrial> recruiting = new ArrayList<>();
        List<SubTrial> subTrials = protocol.subTrials();
        for (SubTrial s : subTrials) {
            List<String> siteIds = s.sites().stream().map(Site::id).toList();
            recruiting.add(new RecruitingSubTrial(s.id(), siteIds.isEmpty() ? List.of(s.id()) : siteIds, 1.0 / subTrials.size()));
        }
        if (recruiting.isEmpty()) {
            recruiting.add(new RecruitingSubTrial(protocol.id(), List.of(protocol.id()), 1.0));
        }
        return new SimulationScenario(protocol.id(), protocol.design().randomisation(), protocol.sequences(),
                experimentalSequence(protocol), recruiting, planned, primaryScans(protocol), DEFAULT_PLACEBO_MEAN,
                DEFAULT_PLACEBO_MEAN, DEFAULT_THETA, 1.0, DEFAULT_DROPOUT, DEFAULT_ALPHA, false, false, 1L);
    }

    private static String experimentalSequence(Protocol protocol) {
        Set<String> experimental = new java.util.HashSet<>();
        for (Arm a : protocol.arms()) {
            if (a.type() != null && a.type().toLowerCase(Locale.ROOT).startsWith("experimental")) {
                experimental.add(a.id());
            }
        }
        List<String> startingOnExperimental = protocol.sequences().stream()
                .filter(s -> !s.periods().isEmpty() && experimental.contains(s.periods().get(0).armId()))
                .map(Sequence::id).toList();
        if (startingOnExperimental.size() != 1) {
            throw new InvalidDataException("the simulator needs exactly one sequence that starts on an experimental arm; study "
                    + protocol.id() + " has " + startingOnExperimental.size());
        }
        return startingOnExperimental.get(0);
    }

    /** The number of visits of the first primary count endpoint measured at named visits (MESEMS: W4, W12, W24). */
    private static int primaryScans(Protocol protocol) {
        for (Endpoint e : protocol.endpoints()) {
            if (e.level() == Level.PRIMARY && e.type() == EndpointType.COUNT && e.source() != null
                    && !e.source().visitIds().isEmpty()) {
                return e.source().visitIds().size();
            }
        }
        throw new InvalidDataException("protocol " + protocol.id() + " has no primary count endpoint measured at named visits;"
                + " the simulator counts lesions over those visits");
    }

    public SimulationScenario withPatients(int n) {
        return new SimulationScenario(studyId, randomisation, sequences, experimentalSequenceId, subTrials, n, scans,
                placeboMean, baselineMean, theta, rateRatio, dropout, alpha, requireBenefit, fixedRecruitment, seed);
    }

    public SimulationScenario withRandomisation(Randomisation r) {
        return new SimulationScenario(studyId, r, sequences, experimentalSequenceId, subTrials, patients, scans,
                placeboMean, baselineMean, theta, rateRatio, dropout, alpha, requireBenefit, fixedRecruitment, seed);
    }

    /**
     * Recruitment shares by sub-trial id; every sub-trial not named gets 0. The shares must sum to 1.
     */
    public SimulationScenario withShares(Map<String, Double> shares) {
        Map<String, Double> left = new LinkedHashMap<>(shares);
        List<RecruitingSubTrial> out = new ArrayList<>();
        for (RecruitingSubTrial s : subTrials) {
            Double share = left.remove(s.id());
            out.add(s.withShare(share == null ? 0 : share));
        }
        if (!left.isEmpty()) {
            throw new InvalidDataException("unknown sub-trial " + String.join(", ", left.keySet()) + " in the recruitment shares; the sub-trials are "
                    + String.join(", ", subTrials.stream().map(RecruitingSubTrial::id).toList()));
        }
        return new SimulationScenario(studyId, randomisation, sequences, experimentalSequenceId, out, patients, scans,
                placeboMean, baselineMean, theta, rateRatio, dropout, alpha, requireBenefit, fixedRecruitment, seed);
    }

    public SimulationScenario withScans(int n) {
        return new SimulationScenario(studyId, randomisation, sequences, experimentalSequenceId, subTrials, patients, n,
                placeboMean, baselineMean, theta, rateRatio, dropout, alpha, requireBenefit, fixedRecruitment, seed);
    }

    /** The placebo mean per scan, and the same mean at baseline. */
    public SimulationScenario withMean(double perScan) {
        return new SimulationScenario(studyId, randomisation, sequences, experimentalSequenceId, subTrials, patients, scans,
                perScan, perScan, theta, rateRatio, dropout, alpha, requireBenefit, fixedRecruitment, seed);
    }

    public SimulationScenario withBaselineMean(double mean) {
        return new SimulationScenario(studyId, randomisation, sequences, experimentalSequenceId, subTrials, patients, scans,
                placeboMean, mean, theta, rateRatio, dropout, alpha, requireBenefit, fixedRecruitment, seed);
    }

    public SimulationScenario withTheta(double t) {
        return new SimulationScenario(studyId, randomisation, sequences, experimentalSequenceId, subTrials, patients, scans,
                placeboMean, baselineMean, t, rateRatio, dropout, alpha, requireBenefit, fixedRecruitment, seed);
    }

    public SimulationScenario withRateRatio(double rr) {
        return new SimulationScenario(studyId, randomisation, sequences, experimentalSequenceId, subTrials, patients, scans,
                placeboMean, baselineMean, theta, rr, dropout, alpha, requireBenefit, fixedRecruitment, seed);
    }

    public SimulationScenario withDropout(double p) {
        return new SimulationScenario(studyId, randomisation, sequences, experimentalSequenceId, subTrials, patients, scans,
                placeboMean, baselineMean, theta, rateRatio, p, alpha, requireBenefit, fixedRecruitment, seed);
    }

    public SimulationScenario withAlpha(double a) {
        return new SimulationScenario(studyId, randomisation, sequences, experimentalSequenceId, subTrials, patients, scans,
                placeboMean, baselineMean, theta, rateRatio, dropout, a, requireBenefit, fixedRecruitment, seed);
    }

    public SimulationScenario withRequireBenefit(boolean required) {
        return new SimulationScenario(studyId, randomisation, sequences, experimentalSequenceId, subTrials, patients, scans,
                placeboMean, baselineMean, theta, rateRatio, dropout, alpha, required, fixedRecruitment, seed);
    }

    /** Sub-trials of fixed size (each exactly its share of the patients) when {@code fixed}, else random as by default. */
    public SimulationScenario withFixedRecruitment(boolean fixed) {
        return new SimulationScenario(studyId, randomisation, sequences, experimentalSequenceId, subTrials, patients, scans,
                placeboMean, baselineMean, theta, rateRatio, dropout, alpha, requireBenefit, fixed, seed);
    }

    public SimulationScenario withSeed(long s) {
        return new SimulationScenario(studyId, randomisation, sequences, experimentalSequenceId, subTrials, patients, scans,
                placeboMean, baselineMean, theta, rateRatio, dropout, alpha, requireBenefit, fixedRecruitment, s);
    }
}
