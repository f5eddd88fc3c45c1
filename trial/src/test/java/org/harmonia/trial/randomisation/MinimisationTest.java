package org.harmonia.trial.randomisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.harmonia.trial.randomisation.Designs.MESEMS;
import static org.harmonia.trial.randomisation.Designs.THREE_ARMS;
import static org.harmonia.trial.randomisation.Designs.TWO_TO_ONE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.trial.protocol.Randomisation;
import org.harmonia.trial.protocol.RandomisationMethod;
import org.harmonia.trial.protocol.Sequence;
import org.junit.jupiter.api.Test;

class MinimisationTest {
    static final RandomisationSeed SEED = RandomisationSeed.fromHex("5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592");
    static final String A = "MSC-PLACEBO";
    static final String B = "PLACEBO-MSC";

    @Test
    void scoresEachCandidateByTheRangeOfItsFactorLevels() {
        // Prior: A has (F, s1) and (F, s2); B has (M, s1). New patient (F, s1).
        // Joining A: sex=F would be 3:0 (range 3), site=s1 2:1 (range 1), total 4.
        // Joining B: sex=F 2:1 (1), site=s1 1:2 (1), total 2. B is preferred.
        Minimisation m = new Minimisation(MESEMS, List.of("sex", "site"), 1.0, ImbalanceMeasure.RANGE);
        MinimisationDecision d = m.allocate(handExamplePrior(), Map.of("sex", "F", "site", "s1"), random("range"));
        assertThat(d.scores()).containsExactly(Map.entry(A, 4.0), Map.entry(B, 2.0));
        assertThat(d.preferred()).containsExactly(B);
        assertThat(d.sequenceId()).isEqualTo(B);
        assertThat(d.choice()).isEqualTo(MinimisationChoice.PREFERRED);
        assertThat(d.preferredTaken()).isTrue();
    }

    @Test
    void scoresEachCandidateByTheVarianceOfItsFactorLevels() {
        // Same patients; variance with divisor 2 of (3, 0) is 2.25, of (2, 1) and (1, 2) 0.25.
        Minimisation m = new Minimisation(MESEMS, List.of("sex", "site"), 1.0, ImbalanceMeasure.VARIANCE);
        MinimisationDecision d = m.allocate(handExamplePrior(), Map.of("sex", "F", "site", "s1"), random("variance"));
        assertThat(d.scores().get(A)).isEqualTo(2.5, within(1e-12));
        assertThat(d.scores().get(B)).isEqualTo(0.5, within(1e-12));
        assertThat(d.sequenceId()).isEqualTo(B);
    }

    @Test
    void weightsMakeOneFactorCountMore() {
        // Prior: A has (F, s1); B has (M, s2) and (M, s2). New patient (F, s2).
        // Equal weights: joining A gives sex 2:0 (2) + site 1:2 (1) = 3; joining B gives sex 1:1 (0) + site 0:3 (3) = 3.
        // Site weighted 2: A scores 2 + 2 = 4, B scores 0 + 6 = 6, so A is preferred.
        List<PriorAllocation> prior = List.of(new PriorAllocation(A, Map.of("sex", "F", "site", "s1")),
                new PriorAllocation(B, Map.of("sex", "M", "site", "s2")), new PriorAllocation(B, Map.of("sex", "M", "site", "s2")));
        Map<String, String> patient = Map.of("sex", "F", "site", "s2");
        Minimisation equal = new Minimisation(MESEMS, List.of("sex", "site"), 0.8, ImbalanceMeasure.RANGE);
        assertThat(equal.allocate(prior, patient, random("w1")).choice()).isEqualTo(MinimisationChoice.ALL_TIED);
        Minimisation siteCounts = new Minimisation(MESEMS, List.of("sex", "site"), 1.0, ImbalanceMeasure.RANGE, Map.of("sex", 1.0, "site", 2.0));
        MinimisationDecision d = siteCounts.allocate(prior, patient, random("w2"));
        assertThat(d.scores()).containsExactly(Map.entry(A, 4.0), Map.entry(B, 6.0));
        assertThat(d.sequenceId()).isEqualTo(A);
    }

    @Test
    void unequalRatiosBalanceRatioAdjustedCounts() {
        // 2:1, two women already on MSC: adjusted counts MSC 2/2 = 1, CONTROL 0. Another woman on MSC would
        // make 1.5 : 0 (range 1.5); on CONTROL 1 : 1 (range 0).
        Minimisation m = new Minimisation(TWO_TO_ONE, List.of("sex"), 1.0, ImbalanceMeasure.RANGE);
        List<PriorAllocation> prior = List.of(new PriorAllocation("MSC", Map.of("sex", "F")), new PriorAllocation("MSC", Map.of("sex", "F")));
        MinimisationDecision d = m.allocate(prior, Map.of("sex", "F"), random("ratio"));
        assertThat(d.scores()).containsExactly(Map.entry("MSC", 1.5), Map.entry("CONTROL", 0.0));
        assertThat(d.sequenceId()).isEqualTo("CONTROL");
    }

    @Test
    void twoToOneMinimisationAllocatesTwoThirdsToTheLargerArm() {
        Minimisation m = new Minimisation(TWO_TO_ONE, List.of("sex", "phenotype"), 0.8, ImbalanceMeasure.RANGE);
        MinimisationState state = m.newState();
        SeededRandom patients = SeededRandom.of(SEED, "test-patients", "two-to-one");
        SeededRandom r = SeededRandom.of(SEED, Minimisation.PURPOSE, "two-to-one");
        for (int i = 0; i < 3_000; i++) {
            state.allocate(Map.of("sex", patients.nextInt(3) < 2 ? "F" : "M", "phenotype", "P" + patients.nextInt(3)), r);
        }
        assertThat(state.total("MSC")).isBetween(1_990, 2_010);
        assertThat(state.maxMarginalImbalance()).isLessThanOrEqualTo(6.0);
    }

    @Test
    void incrementalScoresMatchARecountFromScratch() {
        // Three and four sequences with ratios up to 3, both measures: the O(1)-per-candidate summaries must give
        // exactly what recomputing each hypothetical allocation from the counts gives.
        List<List<Sequence>> designs = List.of(THREE_ARMS,
                List.of(Designs.parallel("A", 3), Designs.parallel("B", 1), Designs.parallel("C", 2), Designs.parallel("D", 1)));
        SeededRandom patients = SeededRandom.of(SEED, "test-patients", "recount");
        for (List<Sequence> design : designs) {
            for (ImbalanceMeasure measure : ImbalanceMeasure.values()) {
                Minimisation m = new Minimisation(design, List.of("f1", "f2"), 0.7, measure, Map.of("f1", 1.0, "f2", 0.5));
                MinimisationState state = m.newState();
                List<PriorAllocation> prior = new ArrayList<>();
                SeededRandom r = SeededRandom.of(SEED, Minimisation.PURPOSE, "recount-" + measure + design.size());
                for (int i = 0; i < 300; i++) {
                    Map<String, String> levels = Map.of("f1", "a" + patients.nextInt(3), "f2", "b" + patients.nextInt(2));
                    MinimisationDecision d = state.decide(levels, r);
                    for (Sequence candidate : design) {
                        assertThat(d.scores().get(candidate.id())).as("%s %s patient %d", measure, candidate.id(), i)
                                .isEqualTo(recount(design, prior, levels, candidate.id(), measure, Map.of("f1", 1.0, "f2", 0.5)), within(1e-12));
                    }
                    state.record(d.sequenceId(), levels);
                    prior.add(new PriorAllocation(d.sequenceId(), levels));
                }
            }
        }
    }

    @Test
    void allocatingFromThePriorListAgreesWithTheRunningState() {
        Minimisation m = new Minimisation(MESEMS, List.of("subTrial", "sex"), 0.8, ImbalanceMeasure.RANGE);
        MinimisationState state = m.newState();
        List<PriorAllocation> prior = new ArrayList<>();
        SeededRandom patients = SeededRandom.of(SEED, "test-patients", "prior");
        for (int i = 0; i < 100; i++) {
            Map<String, String> levels = Map.of("subTrial", "t" + patients.nextInt(4), "sex", patients.nextInt(2) == 0 ? "F" : "M");
            MinimisationDecision fromState = state.decide(levels, SeededRandom.of(SEED, Minimisation.PURPOSE, "patient-" + i));
            MinimisationDecision fromList = m.allocate(prior, levels, SeededRandom.of(SEED, Minimisation.PURPOSE, "patient-" + i));
            assertThat(fromList).isEqualTo(fromState);
            state.record(fromState.sequenceId(), levels);
            prior.add(new PriorAllocation(fromState.sequenceId(), levels));
        }
        assertThat(state.size()).isEqualTo(100);
        assertThat(state.count("sex", "F", A) + state.count("sex", "F", B) + state.count("sex", "M", A) + state.count("sex", "M", B)).isEqualTo(100);
    }

    @Test
    void firstPatientIsACoinTossInOneToOneButFavoursTheLargerArmInTwoToOne() {
        Minimisation oneToOne = new Minimisation(MESEMS, List.of("sex"), 0.8, ImbalanceMeasure.RANGE);
        Minimisation twoToOne = new Minimisation(TWO_TO_ONE, List.of("sex"), 0.8, ImbalanceMeasure.RANGE);
        int a = 0;
        int msc = 0;
        for (int trial = 0; trial < 3_000; trial++) {
            MinimisationDecision d = oneToOne.allocate(List.of(), Map.of("sex", "F"), SeededRandom.of(SEED, Minimisation.PURPOSE, "first-" + trial));
            assertThat(d.choice()).isEqualTo(MinimisationChoice.ALL_TIED);
            a += d.sequenceId().equals(A) ? 1 : 0;
            msc += twoToOne.allocate(List.of(), Map.of("sex", "F"), SeededRandom.of(SEED, Minimisation.PURPOSE, "first-" + trial)).sequenceId().equals("MSC") ? 1 : 0;
        }
        assertThat(a / 3_000.0).isBetween(0.47, 0.53);
        // With 2:1 nothing ties at the start: MSC (adjusted 1/2 : 0) scores below CONTROL (0 : 1), so the first
        // patient goes to MSC with probability p, not 2/3. Ratio-adjusted minimisation keeps the ratio over
        // the trial, not at every step (Kuznetsova and Tymofyeyev, Stat Med 2012); docs/randomisation.md says so.
        assertThat(msc / 3_000.0).isBetween(0.78, 0.82);
    }

    @Test
    void tiedPreferredSequencesAreDrawnAtRandom() {
        // Three arms, one woman on HIGH: LOW and PLACEBO tie as preferred for the next woman.
        Minimisation m = new Minimisation(THREE_ARMS, List.of("sex"), 1.0, ImbalanceMeasure.RANGE);
        Map<String, Integer> chosen = new HashMap<>();
        for (int trial = 0; trial < 2_000; trial++) {
            MinimisationDecision d = m.allocate(List.of(new PriorAllocation("HIGH", Map.of("sex", "F"))), Map.of("sex", "F"),
                    SeededRandom.of(SEED, Minimisation.PURPOSE, "tie-" + trial));
            assertThat(d.preferred()).containsExactly("LOW", "PLACEBO");
            assertThat(d.choice()).isEqualTo(MinimisationChoice.PREFERRED);
            chosen.merge(d.sequenceId(), 1, Integer::sum);
        }
        assertThat(chosen).doesNotContainKey("HIGH");
        assertThat(chosen.get("LOW") / 2_000.0).isBetween(0.46, 0.54);
    }

    @Test
    void theRandomElementOverridesMinimisationWithProbabilityOneMinusP() {
        Minimisation m = new Minimisation(MESEMS, List.of("sex", "phenotype"), 0.8, ImbalanceMeasure.RANGE);
        MinimisationState state = m.newState();
        SeededRandom patients = SeededRandom.of(SEED, "test-patients", "override");
        SeededRandom r = SeededRandom.of(SEED, Minimisation.PURPOSE, "override");
        int decided = 0;
        int overridden = 0;
        for (int i = 0; i < 10_000; i++) {
            MinimisationDecision d = state.allocate(Map.of("sex", patients.nextInt(2) == 0 ? "F" : "M", "phenotype", "P" + patients.nextInt(3)), r);
            if (d.choice() != MinimisationChoice.ALL_TIED) {
                decided++;
                if (d.choice() == MinimisationChoice.RANDOM_ELEMENT) {
                    overridden++;
                    assertThat(d.preferred()).doesNotContain(d.sequenceId());
                    assertThat(d.preferredTaken()).isFalse();
                }
            }
        }
        assertThat(decided).isGreaterThan(3_000);
        assertThat((double) overridden / decided).isBetween(0.18, 0.22);
    }

    @Test
    void sameSeedGivesTheSameAllocations() {
        assertThat(simulate(3, 0.8, "repeat", 144)).isEqualTo(simulate(3, 0.8, "repeat", 144));
        assertThat(simulate(3, 0.8, "repeat", 144)).isNotEqualTo(simulate(3, 0.8, "another", 144));
    }

    @Test
    void keepsMarginalImbalanceSmallAcrossSimulatedTrials() {
        // 400 simulated MESEMS-sized trials of 144 patients, p = 0.8, range measure; factors sex and
        // phenotype (5 levels in all), then also sub-trial (9 uneven levels, 14 in all). The figure is the
        // largest |MSC-first - placebo-first| over every factor level at the end of the trial; the same
        // patients under simple randomisation for comparison. Full figures: RandomisationFigures.
        for (int factors : new int[] {2, 3}) {
            int trials = 400;
            int[] minimised = new int[trials];
            int[] simple = new int[trials];
            for (int t = 0; t < trials; t++) {
                int[] both = imbalanceOfOneTrial(factors, 0.8, ImbalanceMeasure.RANGE, "marginal-" + factors + "-" + t, 144);
                minimised[t] = both[0];
                simple[t] = both[1];
            }
            Arrays.sort(minimised);
            Arrays.sort(simple);
            System.out.printf("minimisation p=0.8, %d factors, 144 patients, %d trials: largest marginal imbalance "
                            + "median %d, 95th percentile %d, max %d; simple randomisation median %d, 95th percentile %d, max %d%n",
                    factors, trials, minimised[trials / 2], minimised[trials * 95 / 100], minimised[trials - 1],
                    simple[trials / 2], simple[trials * 95 / 100], simple[trials - 1]);
            assertThat(minimised[trials / 2]).isLessThanOrEqualTo(factors == 2 ? 3 : 5);
            assertThat(minimised[trials * 95 / 100]).isLessThanOrEqualTo(factors == 2 ? 6 : 8);
            assertThat(minimised[trials / 2] * 2).isLessThanOrEqualTo(simple[trials / 2]);
        }
    }

    @Test
    void rejectsAProbabilityNoBetterThanChance() {
        assertThatThrownBy(() -> new Minimisation(MESEMS, List.of("sex"), 0.5, ImbalanceMeasure.RANGE))
                .isInstanceOf(RandomisationException.class)
                .hasMessage("the probability of taking the preferred sequence must be above 1/2 (pure chance with 2 sequences) and at most 1; got 0.5");
        assertThatThrownBy(() -> new Minimisation(THREE_ARMS, List.of("sex"), 1.2, ImbalanceMeasure.RANGE)).hasMessageContaining("at most 1; got 1.2");
        assertThatThrownBy(() -> new Minimisation(MESEMS, List.of("sex"), Double.NaN, ImbalanceMeasure.RANGE)).hasMessageContaining("got NaN");
        assertThat(new Minimisation(THREE_ARMS, List.of("sex"), 0.5, ImbalanceMeasure.RANGE).probability()).isEqualTo(0.5);
    }

    @Test
    void rejectsBadFactorsAndWeights() {
        assertThatThrownBy(() -> new Minimisation(MESEMS, List.of(), 0.8, ImbalanceMeasure.RANGE)).hasMessage("minimisation needs at least one factor");
        assertThatThrownBy(() -> new Minimisation(MESEMS, List.of("sex", "sex"), 0.8, ImbalanceMeasure.RANGE))
                .hasMessage("the minimisation factor sex is listed twice");
        assertThatThrownBy(() -> new Minimisation(MESEMS, List.of("sex", "site"), 0.8, ImbalanceMeasure.RANGE, Map.of("sex", 1.0)))
                .hasMessage("no weight is given for the minimisation factor site");
        assertThatThrownBy(() -> new Minimisation(MESEMS, List.of("sex"), 0.8, ImbalanceMeasure.RANGE, Map.of("sex", 1.0, "age", 1.0)))
                .hasMessage("a weight is given for age, which is not a minimisation factor; the factors are sex");
        assertThatThrownBy(() -> new Minimisation(MESEMS, List.of("sex"), 0.8, ImbalanceMeasure.RANGE, Map.of("sex", -1.0)))
                .hasMessage("the weight of the minimisation factor sex must be a positive number; got -1.0");
    }

    @Test
    void rejectsAPatientWithoutALevelOrAnUnknownSequence() {
        Minimisation m = new Minimisation(MESEMS, List.of("sex", "site"), 0.8, ImbalanceMeasure.RANGE);
        assertThatThrownBy(() -> m.allocate(List.of(), Map.of("sex", "F"), random("missing")))
                .hasMessage("the patient has no level for the minimisation factor site");
        assertThatThrownBy(() -> m.allocate(List.of(new PriorAllocation("MSC", Map.of("sex", "F", "site", "1"))), Map.of("sex", "F", "site", "1"), random("unknown")))
                .hasMessage("unknown sequence \"MSC\"; the sequences are MSC-PLACEBO, PLACEBO-MSC");
    }

    @Test
    void buildsTheDesignAProtocolPrescribes() {
        Randomisation r = new Randomisation(RandomisationMethod.MINIMISATION, List.of(), List.of(), List.of("subTrial", "sex"), 0.8);
        Minimisation m = Minimisation.of(r, MESEMS, ImbalanceMeasure.RANGE);
        assertThat(m.factors()).containsExactly("subTrial", "sex");
        assertThat(m.probability()).isEqualTo(0.8);
        Randomisation blocks = new Randomisation(RandomisationMethod.PERMUTED_BLOCKS, List.of(2, 4), List.of("subTrial"), List.of(), null);
        assertThatThrownBy(() -> Minimisation.of(blocks, MESEMS, ImbalanceMeasure.RANGE))
                .hasMessage("the protocol randomises by PERMUTED_BLOCKS, not by minimisation");
    }

    /** The largest marginal imbalance at the end of one trial, under minimisation and under simple randomisation. */
    static int[] imbalanceOfOneTrial(int factors, double p, ImbalanceMeasure measure, String context, int patients) {
        List<String> names = List.of("subTrial", "sex", "phenotype").subList(3 - factors, 3);
        Minimisation m = new Minimisation(MESEMS, names, p, measure);
        MinimisationState state = m.newState();
        MinimisationState simple = m.newState();
        SeededRandom people = SeededRandom.of(SEED, "test-patients", context);
        SeededRandom r = SeededRandom.of(SEED, Minimisation.PURPOSE, context);
        for (int i = 0; i < patients; i++) {
            Map<String, String> levels = patient(people);
            state.allocate(levels, r);
            simple.record(r.nextInt(2) == 0 ? A : B, levels);
        }
        return new int[] {(int) state.maxMarginalImbalance(), (int) simple.maxMarginalImbalance()};
    }

    static List<String> simulate(int factors, double p, String context, int patients) {
        List<String> names = List.of("subTrial", "sex", "phenotype").subList(3 - factors, 3);
        MinimisationState state = new Minimisation(MESEMS, names, p, ImbalanceMeasure.RANGE).newState();
        SeededRandom people = SeededRandom.of(SEED, "test-patients", context);
        SeededRandom r = SeededRandom.of(SEED, Minimisation.PURPOSE, context);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            out.add(state.allocate(patient(people), r).sequenceId());
        }
        return out;
    }

    /** A MESEMS-like patient: nine sub-trials of uneven size, two women to one man, RRMS / SPMS / PPMS 2:2:1. */
    static Map<String, String> patient(SeededRandom people) {
        int subTrial = people.nextWeighted(new int[] {30, 25, 20, 15, 15, 12, 10, 9, 8});
        return Map.of("subTrial", "t" + subTrial, "sex", people.nextInt(3) < 2 ? "F" : "M",
                "phenotype", List.of("RRMS", "SPMS", "PPMS").get(people.nextWeighted(new int[] {2, 2, 1})));
    }

    private static double recount(List<Sequence> design, List<PriorAllocation> prior, Map<String, String> levels, String candidate,
                                  ImbalanceMeasure measure, Map<String, Double> weights) {
        double total = 0;
        for (String factor : List.of("f1", "f2")) {
            Map<String, Double> adjusted = new LinkedHashMap<>();
            for (Sequence s : design) {
                long n = prior.stream().filter(p -> p.sequenceId().equals(s.id()) && p.levels().get(factor).equals(levels.get(factor))).count();
                adjusted.put(s.id(), (n + (s.id().equals(candidate) ? 1 : 0)) / (double) s.ratio());
            }
            double[] x = adjusted.values().stream().mapToDouble(Double::doubleValue).toArray();
            double d;
            if (measure == ImbalanceMeasure.RANGE) {
                d = Arrays.stream(x).max().orElseThrow() - Arrays.stream(x).min().orElseThrow();
            } else {
                double mean = Arrays.stream(x).average().orElseThrow();
                d = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / x.length;
            }
            total += weights.get(factor) * d;
        }
        return total;
    }

    private static List<PriorAllocation> handExamplePrior() {
        return List.of(new PriorAllocation(A, Map.of("sex", "F", "site", "s1")), new PriorAllocation(A, Map.of("sex", "F", "site", "s2")),
                new PriorAllocation(B, Map.of("sex", "M", "site", "s1")));
    }

    private static SeededRandom random(String context) {
        return SeededRandom.of(SEED, Minimisation.PURPOSE, context);
    }
}
