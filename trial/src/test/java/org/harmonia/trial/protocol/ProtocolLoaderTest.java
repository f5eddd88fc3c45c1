package org.harmonia.trial.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading protocol files: every validation path reports file, line, path and reason, all problems at once. */
class ProtocolLoaderTest {

    /** A small but complete crossover protocol; tests change one line of it at a time. */
    static final String VALID = """
            harmonia: 1
            study:
              id: mini
              version: "1"
              title: A small crossover
            design:
              type: crossover
              allocation: randomised
              masking: double
              randomisation: {method: permuted-blocks, blockSizes: [2, 4], strata: [site]}
            arms:
              - {id: A, label: active}
              - {id: B, label: placebo}
            epochs:
              - {id: P1, label: period 1, type: treatment}
              - {id: P2, label: period 2, type: treatment}
            sequences:
              - id: AB
                label: A then B
                periods:
                  - {epoch: P1, arm: A}
                  - {epoch: P2, arm: B}
              - id: BA
                label: B then A
                periods:
                  - {epoch: P1, arm: B}
                  - {epoch: P2, arm: A}
            visits:
              - {id: V0, label: baseline, epoch: P1, day: 0}
              - {id: V1, label: week 4, epoch: P2, day: 28, window: {early: 3, late: 3}}
            activities:
              - {id: edss, label: EDSS, form: edss, at: [V0, V1]}
            screening:
              - {name: edss, type: edss, label: EDSS}
            eligibility:
              - {id: IN-1, kind: inclusion, text: EDSS up to 6.5, rule: edss <= 6.5}
            subTrials:
              - id: one
                name: First
                country: Italy
                sites: [{id: "01", name: Genoa}]
            """;

    private final ProtocolLoader loader = new ProtocolLoader();

    @Test
    void loadsAMinimalCrossover() {
        Protocol p = loader.load("mini.yaml", VALID);
        assertThat(p.sequences()).hasSize(2);
        assertThat(p.visits().get(1).window()).isEqualTo(new VisitWindow(3, 3));
        assertThat(p.visits().get(0).window()).isEqualTo(VisitWindow.EXACT);
        assertThat(p.subTrials().get(0).eligibilityMode()).isEqualTo(EligibilityMode.MASTER);
    }

    @Test
    void namesAnUnknownEpochInASequenceWithItsLineAndPath() {
        List<ProtocolProblem> problems = problems(VALID.replace("- {epoch: P2, arm: A}", "- {epoch: P3, arm: A}"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("sequences[1].periods[1].epoch");
            assertThat(p.line()).isEqualTo(27);
            assertThat(p.message()).startsWith("unknown epoch \"P3\"");
            assertThat(p.toString()).startsWith("mini.yaml:27: sequences[1].periods[1].epoch: unknown epoch \"P3\"");
        });
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String broken = VALID.replace("arm: B}\n  - id: BA", "arm: C}\n  - id: BA")
                .replace("at: [V0, V1]", "at: [V0, V9]")
                .replace("masking: double", "masking: sometimes");
        List<ProtocolProblem> problems = problems(broken);
        assertThat(problems).extracting(ProtocolProblem::path).containsExactlyInAnyOrder(
                "design.masking", "sequences[0].periods[1].arm", "activities[0].at[1]");
        assertThat(problems).extracting(ProtocolProblem::message).contains(
                "\"sometimes\" is not one of: none, single, double, triple, quadruple",
                "unknown arm \"C\"; known: A, B",
                "unknown visit \"V9\"; known: V0, V1");
    }

    @Test
    void rejectsAMisspelledField() {
        assertThat(problems(VALID.replace("  title: A small crossover", "  titel: A small crossover")))
                .extracting(ProtocolProblem::toString).containsExactlyInAnyOrder(
                        "mini.yaml:5: study.titel: unknown field \"titel\"; expected one of: id, version, acronym, title, phase, condition, sponsor",
                        "mini.yaml:3: study.title: is required");
    }

    @Test
    void rejectsMissingRequiredSections() {
        String noVisits = VALID.substring(0, VALID.indexOf("visits:")) + VALID.substring(VALID.indexOf("activities:"));
        assertThat(problems(noVisits)).extracting(ProtocolProblem::toString)
                .contains("mini.yaml:1: visits: is required");
    }

    @Test
    void rejectsDuplicateIds() {
        assertThat(problems(VALID.replace("{id: B, label: placebo}", "{id: A, label: placebo}")))
                .extracting(ProtocolProblem::message).contains("duplicate arm id \"A\"");
    }

    @Test
    void rejectsVisitsOutOfTimeOrder() {
        assertThat(problems(VALID.replace("day: 28", "day: -5")))
                .extracting(ProtocolProblem::toString)
                .containsExactly("mini.yaml:30: visits[1].day: day -5 must come after the previous visit's day 0 (visits are listed in time order)");
    }

    @Test
    void rejectsNegativeWindows() {
        assertThat(problems(VALID.replace("early: 3", "early: -3")))
                .extracting(ProtocolProblem::message)
                .containsExactly("must not be negative (it counts days before the target day)");
    }

    @Test
    void rejectsANumberThatIsNotOne() {
        assertThat(problems(VALID.replace("day: 28", "day: four weeks")))
                .extracting(ProtocolProblem::toString).containsExactly("mini.yaml:30: visits[1].day: \"four weeks\" is not a whole number");
    }

    @Test
    void rejectsACrossoverWithASinglePeriodSequence() {
        String single = VALID.replace("      - {epoch: P1, arm: B}\n      - {epoch: P2, arm: A}\n", "      - {epoch: P1, arm: B}\n");
        assertThat(problems(single)).extracting(ProtocolProblem::message)
                .containsExactly("a crossover sequence needs at least two periods");
    }

    @Test
    void rejectsPermutedBlocksWithoutBlockSizes() {
        assertThat(problems(VALID.replace("blockSizes: [2, 4], ", "")))
                .extracting(ProtocolProblem::message).containsExactly("permuted blocks need at least one block size");
    }

    @Test
    void readsAnAssumptionMarkedConcealed() {
        Protocol p = loader.load("mini.yaml", VALID + """
                assumptions:
                  - Visit windows of 3 days.
                  - {text: Blocks of 2 or 4., concealed: true}
                """);
        assertThat(p.assumptions()).containsExactly(new Assumption("Visit windows of 3 days.", false),
                new Assumption("Blocks of 2 or 4.", true));
    }

    @Test
    void rejectsAConcealedMarkThatIsNotTrueOrFalse() {
        assertThat(problems(VALID + """
                assumptions:
                  - {text: Blocks of 2 or 4., concealed: maybe, note: x}
                """)).extracting(ProtocolProblem::toString).containsExactlyInAnyOrder(
                "mini.yaml:43: assumptions[0].concealed: must be true or false",
                "mini.yaml:43: assumptions[0].note: unknown field \"note\"; expected one of: text, concealed");
    }

    @Test
    void rejectsAnUnknownStratum() {
        assertThat(problems(VALID.replace("strata: [site]", "strata: [gender]")))
                .extracting(ProtocolProblem::message)
                .containsExactly("unknown stratum \"gender\"; use subTrial, site or a screening field");
    }

    @Test
    void rejectsASiteNumberUsedByTwoSubTrials() {
        String two = VALID + """
                  - id: two
                    name: Second
                    country: Spain
                    sites: [{id: "01", name: Malaga}]
                """;
        assertThat(problems(two)).extracting(ProtocolProblem::message)
                .containsExactly("site \"01\" is already used by sub-trial \"one\"");
    }

    @Test
    void rejectsAChoiceFieldWithoutChoices() {
        assertThat(problems(VALID.replace("{name: edss, type: edss, label: EDSS}", "{name: edss, type: choice, label: EDSS}")))
                .extracting(ProtocolProblem::message)
                .containsExactly("a choice field needs its list of choices", "unknown variable \"edss\" at column 0");
    }

    @Test
    void checksEligibilityRulesAgainstTheScreeningFields() {
        assertThat(problems(VALID.replace("rule: edss <= 6.5", "rule: edds <= 6.5")))
                .extracting(ProtocolProblem::toString)
                .containsExactly("mini.yaml:36: eligibility[0].rule: unknown variable \"edds\" (did you mean edss?) at column 0");
        assertThat(problems(VALID.replace("rule: edss <= 6.5", "rule: edss <= ")))
                .extracting(ProtocolProblem::path).containsExactly("eligibility[0].rule");
    }

    @Test
    void readsFormsWithLimitsNormalRangesAndChecks() {
        Protocol p = loader.load("mini.yaml", VALID.replace("form: edss", "form: vitals") + FORM);
        var form = p.form("vitals").orElseThrow();
        assertThat(form.fields()).hasSize(3);
        assertThat(form.field("sbp").orElseThrow().required()).isTrue();
        assertThat(form.field("sbp").orElseThrow().normalHigh()).isEqualByComparingTo("140");
        assertThat(form.checks()).singleElement().satisfies(c -> assertThat(c.field()).isEqualTo("dbp"));
    }

    @Test
    void refusesAFormCheckOnAnUnknownFieldOrWithABadRule() {
        assertThat(problems(VALID.replace("form: edss", "form: vitals") + FORM.replace("{field: dbp, rule: dbp < sbp", "{field: dpb, rule: dbp < spb")))
                .extracting(ProtocolProblem::message)
                .containsExactlyInAnyOrder("unknown field \"dpb\" of form vitals",
                        "unknown variable \"spb\" (did you mean sbp?) at column 6");
    }

    @Test
    void refusesLimitsOnATextFieldAndAReversedRange() {
        assertThat(problems(VALID.replace("form: edss", "form: vitals") + FORM.replace("{name: note, type: text, label: note}", "{name: note, type: text, label: note, min: 1}")
                .replace("min: 50, max: 260", "min: 260, max: 50")))
                .extracting(ProtocolProblem::message).contains(
                        "only number and integer fields have min, max or a normal range",
                        "field sbp: min 260 is above max 50");
    }

    @Test
    void checksTheAnalysisPlanAgainstEndpointsPopulationsFormsAndVisits() {
        String plan = VALID.replace("form: edss", "form: vitals") + FORM + """
                endpoints:
                  - {id: EP1, level: primary, type: count, text: systolic}
                analysis:
                  populations:
                    - {id: ALL, label: all, requires: [randomised, everyone]}
                  analyses:
                    - id: A1
                      label: main
                      endpoint: EP2
                      population: FAS
                      method: t-test
                      compare: sequence
                      reference: AC
                      response: {form: vitals, field: spb, visits: [V0, V7], summary: mean}
                """;
        assertThat(problems(plan)).extracting(ProtocolProblem::message).containsExactlyInAnyOrder(
                "\"everyone\" is not one of: randomised, treated, treated-both-periods, baseline-mri, post-baseline-mri, all-primary-mri",
                "unknown endpoint \"EP2\"; known: EP1",
                "unknown population \"FAS\"; known: ALL",
                "\"t-test\" is not one of: negative-binomial, adverse-event-tables, crossover-negative-binomial, change-from-baseline, mmrm, paired-change, subgroup-exact, values-over-time, adverse-event-listing, survival",
                "unknown sequence or arm \"AC\"; known: AB, BA, A, B",
                "form vitals has no field \"spb\"",
                "unknown visit \"V7\"; known: V0, V1",
                "\"mean\" is not one of: sum, last");
    }

    /** A plan with one negative-binomial analysis; {@code extra} adds lines to it (the plan's test). */
    private static String countPlan(String extra) {
        return VALID.replace("form: edss", "form: vitals") + FORM + """
                endpoints:
                  - {id: EP1, level: primary, type: count, text: systolic}
                analysis:
                  populations:
                    - {id: ALL, label: all, requires: [randomised]}
                  analyses:
                    - id: A1
                      label: main
                      endpoint: EP1
                      population: ALL
                      method: negative-binomial
                      compare: sequence
                      reference: BA
                      response: {form: vitals, field: sbp, visits: [V1], summary: sum}
                """ + extra;
    }

    @Test
    void planTestDefaultsToWald() {
        AnalysisSpec a = loader.load("mini.yaml", countPlan("")).analysis().analysis("A1").orElseThrow();
        assertThat(a.inference()).isEqualTo(org.harmonia.stats.glm.Inference.WALD);
    }

    @Test
    void planChoosesLikelihoodRatioOrRobustTest() {
        assertThat(loader.load("mini.yaml", countPlan("      test: lrt\n")).analysis().analysis("A1").orElseThrow()
                .inference()).isEqualTo(org.harmonia.stats.glm.Inference.LRT);
        assertThat(loader.load("mini.yaml", countPlan("      test: robust\n      robustType: hc0\n")).analysis()
                .analysis("A1").orElseThrow().inference())
                .isEqualTo(org.harmonia.stats.glm.Inference.robust(org.harmonia.stats.glm.RobustType.HC0));
    }

    @Test
    void refusesAnUnknownTestAndARobustTypeWithoutRobust() {
        assertThat(problems(countPlan("      test: score\n"))).extracting(ProtocolProblem::message)
                .containsExactly("\"score\" is not one of: wald, lrt, robust, rerandomisation");
        assertThat(problems(countPlan("      test: lrt\n      robustType: hc3\n"))).extracting(ProtocolProblem::message)
                .containsExactly("a robust type goes with test: robust only");
        assertThat(problems(countPlan("      test: robust\n      robustType: hc1\n"))).extracting(ProtocolProblem::message)
                .containsExactly("\"hc1\" is not one of: hc0, hc3");
    }

    @Test
    void planChoosesTheRerandomisationTestWithItsCountAndAPreSpecifiedSeed() {
        AnalysisSpec a = loader.load("mini.yaml", countPlan("      test: rerandomisation\n      rerandomisations: 20000\n      seed: 20261203\n"))
                .analysis().analysis("A1").orElseThrow();
        assertThat(a.inference()).isEqualTo(org.harmonia.stats.glm.Inference.rerandomisation(20_000, 20261203L));
        assertThat(loader.load("mini.yaml", countPlan("      test: rerandomisation\n      seed: 7\n")).analysis().analysis("A1")
                .orElseThrow().inference().rerandomisations()).isEqualTo(10_000);
        assertThat(problems(countPlan("      test: rerandomisation\n"))).extracting(ProtocolProblem::path)
                .containsExactly("analysis.analyses[0].seed");
        assertThat(problems(countPlan("      test: rerandomisation\n      seed: 1\n      rerandomisations: 50\n")))
                .extracting(ProtocolProblem::message)
                .containsExactly("the number of re-randomisations must be between 100 and 10000000; got 50");
        assertThat(problems(countPlan("      test: wald\n      seed: 1\n"))).extracting(ProtocolProblem::message)
                .containsExactly("rerandomisations and seed go with test: rerandomisation only");
        assertThat(problems(countPlan("      test: rerandomisation\n      seed: one\n"))).extracting(ProtocolProblem::message)
                .containsExactly("\"one\" is not a whole number");
    }

    static final String FORM = """
            forms:
              - id: vitals
                label: vital signs
                fields:
                  - {name: sbp, type: integer, label: systolic, unit: mmHg, min: 50, max: 260, normal: [90, 140], required: true}
                  - {name: dbp, type: integer, label: diastolic, unit: mmHg}
                  - {name: note, type: text, label: note}
                checks:
                  - {field: dbp, rule: dbp < sbp, message: diastolic below systolic}
            """;

    @Test
    void amendsTheMasterEligibilityById() {
        String amended = VALID.replace("sites: [{id: \"01\", name: Genoa}]", """
                sites: [{id: "01", name: Genoa}]
                    eligibility:
                      amend:
                        - {id: IN-1, kind: inclusion, text: EDSS up to 6.0, rule: edss <= 6.0}
                        - {id: IN-2, kind: inclusion, text: adult, rule: edss >= 0}""");
        SubTrial one = loader.load("mini.yaml", amended).subTrials().get(0);
        assertThat(one.eligibilityMode()).isEqualTo(EligibilityMode.AMEND);
        assertThat(one.eligibility()).extracting(EligibilityCriterion::rule).containsExactly("edss <= 6.0", "edss >= 0");
    }

    @Test
    void rejectsEligibilityThatBothReplacesAndAmends() {
        String both = VALID.replace("sites: [{id: \"01\", name: Genoa}]", """
                sites: [{id: "01", name: Genoa}]
                    eligibility:
                      replace: [{id: IN-1, kind: inclusion, text: x, rule: edss <= 6.0}]
                      amend: [{id: IN-1, kind: inclusion, text: x, rule: edss <= 6.0}]""");
        assertThat(problems(both)).extracting(ProtocolProblem::message)
                .containsExactly("give either replace (a full list of its own) or amend (criteria changed or added by id)");
    }

    @Test
    void impliesOneSequencePerArmInAParallelDesign() {
        String parallel = VALID.replace("type: crossover", "type: parallel")
                .replaceAll("(?s)sequences:.*?visits:", "visits:");
        Protocol p = loader.load("par.yaml", parallel);
        assertThat(p.sequences()).extracting(Sequence::id).containsExactly("A", "B");
        assertThat(p.sequences().get(0).periods()).containsExactly(new Period("P1", "A"), new Period("P2", "A"));
    }

    @Test
    void requiresSequencesForACrossover() {
        String none = VALID.replaceAll("(?s)sequences:.*?visits:", "visits:");
        assertThat(problems(none)).extracting(ProtocolProblem::message).containsExactly("a crossover design must list its sequences");
    }

    @Test
    void rejectsASingleArmDesignWithTwoArms() {
        assertThat(problems(VALID.replace("type: crossover", "type: single-arm").replace("allocation: randomised", "allocation: none")
                .replaceAll("(?s)  randomisation: \\{[^}]*}\\}\n", "")))
                .extracting(ProtocolProblem::message).contains("a single-arm design has exactly one arm, found 2");
    }

    @Test
    void rejectsAnUnsupportedFormat() {
        assertThat(problems(VALID.replace("harmonia: 1", "harmonia: 7"))).extracting(ProtocolProblem::message)
                .containsExactly("file format 7 is not supported; this Harmonia reads format 1");
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirLine() {
        assertThat(problems("harmonia: 1\nstudy: {id: x\n  title: y\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("not valid YAML"));
    }

    @Test
    void reportsAnEmptyFile() {
        assertThat(problems("")).extracting(ProtocolProblem::message).containsExactly("the file is empty");
    }

    @Test
    void reportsAMissingFile() {
        assertThatThrownBy(() -> loader.load(Path.of("no-such-protocol.yaml")))
                .isInstanceOf(ProtocolException.class).hasMessage("no-such-protocol.yaml:0: file not found");
    }

    @Test
    void refusesTheSameKeyTwice() {
        assertThat(problems(VALID.replace("  version: \"1\"", "  version: \"1\"\n  version: \"2\"")))
                .extracting(ProtocolProblem::toString).containsExactly("mini.yaml:5: study.version: appears twice");
    }

    @Test
    void runsExtraChecksOnlyOnAStructurallyValidFile() {
        ProtocolLoader withCheck = new ProtocolLoader(List.of((protocol, locator, problems) ->
                problems.add(locator.line("eligibility[0].rule"), "eligibility[0].rule", "checked")));
        assertThatThrownBy(() -> withCheck.load("mini.yaml", VALID))
                .isInstanceOf(ProtocolException.class).hasMessage("mini.yaml:36: eligibility[0].rule: checked");
    }

    /** VALID with two more screening variables and the screening checks given. */
    static String withScreeningChecks(String checks) {
        return VALID.replace("  - {name: edss, type: edss, label: EDSS}\n", """
                  - {name: edss, type: edss, label: EDSS}
                  - {name: relapses_12m, type: integer, label: relapses in 12 months, min: 0, max: 12}
                  - {name: relapses_24m, type: integer, label: relapses in 24 months, min: 0, max: 24}
                  - {name: last_relapse, type: date, label: last relapse}
                """).replace("eligibility:\n", "screeningChecks:\n" + checks + "eligibility:\n");
    }

    @Test
    void readsScreeningChecksWithTheBuiltInDatesAndHardLimits() {
        Protocol p = loader.load("mini.yaml", withScreeningChecks("""
                  - {field: relapses_24m, rule: relapses_24m >= relapses_12m, message: 24 months include 12}
                  - {field: last_relapse, rule: last_relapse <= randomisation_date and last_relapse <= screening_date, message: no relapse to come}
                """));
        assertThat(p.screeningChecks()).extracting(c -> c.field()).containsExactly("relapses_24m", "last_relapse");
        assertThat(p.screeningVariables().get("relapses_12m").max()).isEqualByComparingTo("12");
        assertThat(p.screeningVariables().get("relapses_12m").min()).isEqualByComparingTo("0");
    }

    @Test
    void refusesScreeningChecksOnUnknownFieldsOrWithBadRulesNamingTheLine() {
        List<ProtocolProblem> problems = problems(withScreeningChecks("""
                  - {field: relapses_36m, rule: relapses_24m >= relapses_12m, message: x}
                  - {field: last_relapse, rule: last_relapse <= randomisation_dat, message: y}
                  - {field: last_relapse, rule: last_relapse <= 3, message: z}
                """));
        assertThat(problems).extracting(ProtocolProblem::toString).containsExactly(
                "mini.yaml:39: screeningChecks[0].field: unknown screening field \"relapses_36m\"; known: edss, relapses_12m, relapses_24m, last_relapse",
                "mini.yaml:40: screeningChecks[1].rule: unknown variable \"randomisation_dat\" (did you mean randomisation_date?) at column 16",
                "mini.yaml:41: screeningChecks[2].rule: cannot compare last_relapse (a date) with 3 (a number) at column 0");
    }

    @Test
    void refusesAScreeningVariableNamedLikeABuiltInDateOrWithLimitsItCannotHave() {
        List<ProtocolProblem> problems = problems(VALID.replace("  - {name: edss, type: edss, label: EDSS}\n", """
                  - {name: edss, type: edss, label: EDSS}
                  - {name: screening_date, type: date, label: screening}
                  - {name: onset, type: date, label: onset, min: 0}
                  - {name: relapses, type: integer, label: relapses, min: 5, max: 1}
                  - {name: note, type: text, label: note, allowFuture: true}
                  - {name: plan, type: date, label: planned date, allowFuture: perhaps}
                """));
        assertThat(problems).extracting(ProtocolProblem::message).containsExactly(
                "\"screening_date\" is a built-in date of screening checks; give the variable another name",
                "variable onset is a date; only numbers have min and max",
                "variable relapses: min 5 is above max 1",
                "variable note is text; only dates have allowFuture",
                "must be true or false");
    }

    @Test
    void readsTextLimitsAndFutureDatesOfFormFields() {
        Protocol p = loader.load("mini.yaml", VALID.replace("form: edss", "form: vitals") + FORM.replace(
                "{name: note, type: text, label: note}", """
                {name: note, type: text, label: note, multiline: true}
                      - {name: code, type: text, label: code, maxLength: 12}
                      - {name: term, type: text, label: term}
                      - {name: next_visit, type: date, label: next visit, allowFuture: true}"""));
        var form = p.form("vitals").orElseThrow();
        assertThat(form.field("note").orElseThrow().variable().maxLength()).isEqualTo(4000);
        assertThat(form.field("note").orElseThrow().variable().multiline()).isTrue();
        assertThat(form.field("code").orElseThrow().variable().maxLength()).isEqualTo(12);
        assertThat(form.field("term").orElseThrow().variable().maxLength()).isEqualTo(500);
        assertThat(form.field("term").orElseThrow().variable().multiline()).isFalse();
        assertThat(form.field("next_visit").orElseThrow().variable().allowFuture()).isTrue();
        assertThat(problems(VALID.replace("form: edss", "form: vitals") + FORM.replace("{name: note, type: text, label: note}",
                "{name: note, type: integer, label: note, multiline: true}"))).extracting(ProtocolProblem::message)
                .containsExactly("variable note is a whole number; only text has maxLength or multiline");
    }

    private List<ProtocolProblem> problems(String text) {
        try {
            loader.load("mini.yaml", text);
        } catch (ProtocolException e) {
            return e.problems();
        }
        throw new AssertionError("expected the protocol to be refused");
    }

    /** The minimal protocol with the vitals form and one MMRM analysis, A1, of systolic pressure at these visits. */
    private static String mmrmPlan(String visits) {
        return VALID.replace("form: edss", "form: vitals") + FORM + """
                endpoints:
                  - {id: EP1, level: secondary, type: continuous, text: systolic over visits}
                analysis:
                  populations:
                    - {id: ALL, label: all, requires: [randomised]}
                  analyses:
                    - id: A1
                      label: systolic by visit
                      endpoint: EP1
                      population: ALL
                      method: mmrm
                      compare: sequence
                      response: {form: vitals, field: sbp, visits: [%s]}
                """.formatted(visits);
    }

    @Test
    void anMmrmAnalysisNeedsAResponseAtTwoOrMoreVisits() {
        String plan = mmrmPlan("V1");
        assertThat(problems(plan)).extracting(ProtocolProblem::message)
                .containsExactly("an MMRM analysis needs a response at two or more visits");
        assertThat(loader.load("mini.yaml", plan.replace("visits: [V1]}", "visits: [V0, V1]}")).analysis().analyses())
                .singleElement().satisfies(a -> assertThat(a.method()).isEqualTo(AnalysisMethod.MMRM));
    }

    @Test
    void anMmrmAnalysisChoosesItsCovarianceAcrossVisitsUnstructuredByDefault() {
        String plan = mmrmPlan("V0, V1");
        java.util.function.Function<String, org.harmonia.stats.mmrm.CovarianceStructure> covariance = extra ->
                loader.load("mini.yaml", plan + extra).analysis().analysis("A1").orElseThrow().covariance();
        assertThat(covariance.apply("")).isEqualTo(org.harmonia.stats.mmrm.CovarianceStructure.UNSTRUCTURED);
        assertThat(covariance.apply("      covariance: unstructured\n")).isEqualTo(org.harmonia.stats.mmrm.CovarianceStructure.UNSTRUCTURED);
        assertThat(covariance.apply("      covariance: compound-symmetry\n")).isEqualTo(org.harmonia.stats.mmrm.CovarianceStructure.COMPOUND_SYMMETRY);
        assertThat(covariance.apply("      covariance: ar1\n")).isEqualTo(org.harmonia.stats.mmrm.CovarianceStructure.AR1);
        assertThat(problems(plan + "      covariance: toeplitz\n")).extracting(ProtocolProblem::message)
                .containsExactly("\"toeplitz\" is not one of: unstructured, compound-symmetry, ar1");
        assertThat(problems(countPlan("      covariance: ar1\n"))).extracting(ProtocolProblem::message)
                .containsExactly("a covariance across visits is chosen for mmrm analyses only");
    }
}
