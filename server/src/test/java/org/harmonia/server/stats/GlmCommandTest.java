package org.harmonia.server.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code harmonia stats glm} run in-process on the simulated lesion counts of stats' R reference. */
class GlmCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void printsNegativeBinomialFitAsJson() {
        CommandRun run = CommandRun.of("stats", "glm", "--data", CommandRun.data("lesions.csv"),
                "--formula", "lesions ~ arm + offset(log(scans))", "--family", "negbin", "--ref", "arm=placebo",
                "--lrt", "arm", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = JSON.readTree(run.out());
        for (String key : new String[] {"method", "family", "n", "dropped", "coefficients", "logLik", "aic", "deviance",
                "dfResidual", "theta", "thetaSe", "lrt"}) {
            assertThat(json.has(key)).as(key).isTrue();
        }
        assertThat(json.get("method").asString()).isEqualTo("glm");
        assertThat(json.get("family").asString()).isEqualTo("negbin");
        assertThat(json.get("n").asInt()).isEqualTo(144);
        JsonNode arm = json.get("coefficients").get(1);
        assertThat(arm.get("term").asString()).isEqualTo("armMSC");
        for (String key : new String[] {"estimate", "se", "statistic", "p", "ciLow", "ciHigh", "expEstimate", "expCiLow",
                "expCiHigh"}) {
            assertThat(arm.has(key)).as(key).isTrue();
        }
        // R 4.2.2, MASS 7.3-58.2: glm.nb(lesions ~ arm + offset(log(scans))), arm relevelled to placebo
        assertThat(arm.get("estimate").asDouble()).isCloseTo(-0.52235312893705965, Offset.offset(1e-6 * 0.5224));
        assertThat(json.get("theta").asDouble()).isCloseTo(0.57709802221691986, Offset.offset(1e-6 * 0.5771));
        // R 4.2.2: anova(glm.nb(lesions ~ 1 + offset(log(scans))), m)
        assertThat(json.get("lrt").get("statistic").asDouble()).isCloseTo(4.7573228124626894, Offset.offset(1e-6 * 4.757));
        assertThat(json.get("lrt").get("df").asInt()).isEqualTo(1);
    }

    @Test
    void printsReadableSummaryByDefault() {
        CommandRun run = CommandRun.of("stats", "glm", "--data", CommandRun.data("lesions.csv"),
                "--formula", "lesions ~ arm + offset(log(scans))", "--family", "poisson");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Poisson regression", "(Intercept)", "armplacebo", "Std. Error", "Residual deviance");
    }

    @Test
    void omitsLrtAndThetaForPoissonJson() {
        CommandRun run = CommandRun.of("stats", "glm", "--data", CommandRun.data("lesions.csv"),
                "--formula", "lesions ~ arm", "--family", "poisson", "--json");
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.has("lrt")).isFalse();
        assertThat(json.get("theta").isNull()).isTrue();
    }

    @Test
    void missingColumnExitsWithTwoAndOneLine() {
        CommandRun run = CommandRun.of("stats", "glm", "--data", CommandRun.data("lesions.csv"),
                "--formula", "lesions ~ dose", "--family", "negbin");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").contains("column \"dose\" not found");
    }

    @Test
    void unknownFamilyExitsWithTwo() {
        CommandRun run = CommandRun.of("stats", "glm", "--data", CommandRun.data("lesions.csv"),
                "--formula", "lesions ~ arm", "--family", "gamma");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").contains("unknown family \"gamma\"");
    }

    private static final String MESEMS_FORMULA = "y ~ sequence + baseline + factor(subTrial) + offset(log(scans))";

    private static JsonNode sequenceRow(CommandRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode row = JSON.readTree(run.out()).get("coefficients").get(1);
        assertThat(row.get("term").asString()).isEqualTo("sequenceMSC-PLACEBO");
        return row;
    }

    @Test
    void robustTestGivesSandwichStandardErrors() {
        CommandRun run = CommandRun.of("stats", "glm", "--data", CommandRun.data("mesems-like.csv"), "--formula", MESEMS_FORMULA,
                "--family", "negbin", "--ref", "sequence=PLACEBO-MSC", "--test", "robust", "--robust-type", "hc0", "--json");
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.get("test").asString()).isEqualTo("robust");
        assertThat(json.get("robustType").asString()).isEqualTo("hc0");
        JsonNode row = sequenceRow(run);
        // R 4.2.2, MASS 7.3-58.2, sandwich 3.0-2: sqrt(diag(vcovHC(glm.nb(...), type = "HC0"))), stats' inference-reference.R
        assertThat(row.get("se").asDouble()).isCloseTo(0.27120385150223092, Offset.offset(1e-6 * 0.2712));
        assertThat(row.get("p").asDouble()).isCloseTo(0.0061321880328548571, Offset.offset(1e-6 * 0.00613));
        assertThat(row.get("ciLow").asDouble()).isCloseTo(-1.2748186668499393, Offset.offset(1e-6 * 1.2748));
    }

    @Test
    void likelihoodRatioTestGivesProfileIntervals() {
        CommandRun run = CommandRun.of("stats", "glm", "--data", CommandRun.data("mesems-like.csv"), "--formula", MESEMS_FORMULA,
                "--family", "negbin", "--ref", "sequence=PLACEBO-MSC", "--test", "lrt", "--json");
        assertThat(JSON.readTree(run.out()).get("test").asString()).isEqualTo("lrt");
        assertThat(JSON.readTree(run.out()).has("robustType")).isFalse();
        JsonNode row = sequenceRow(run);
        // R 4.2.2, MASS 7.3-58.2: anova of glm.nb fits with and without the column; profile root by uniroot
        assertThat(row.get("statistic").asDouble()).isCloseTo(5.7743315736616978, Offset.offset(1e-6 * 5.774));
        assertThat(row.get("df").asInt()).isEqualTo(1);
        assertThat(row.get("p").asDouble()).isCloseTo(0.016261903834721553, Offset.offset(1e-6 * 0.01626));
        assertThat(row.get("ciLow").asDouble()).isCloseTo(-1.3465071223702467, Offset.offset(1e-6 * 1.3465));
        assertThat(row.get("ciHigh").asDouble()).isCloseTo(-0.14380407867422937, Offset.offset(1e-6 * 0.1438));
        JsonNode intercept = JSON.readTree(run.out()).get("coefficients").get(0);
        assertThat(intercept.get("p").isNull()).as("the intercept is not tested").isTrue();
    }

    @Test
    void likelihoodRatioSummaryNamesTheProfileIntervals() {
        CommandRun run = CommandRun.of("stats", "glm", "--data", CommandRun.data("lesions.csv"),
                "--formula", "lesions ~ arm + offset(log(scans))", "--family", "poisson", "--test", "lrt");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Likelihood-ratio tests", "profile-likelihood", "LR chisq", "Pr(>Chi)");
    }

    @Test
    void robustTypeWithoutTheRobustTestExitsWithTwo() {
        CommandRun run = CommandRun.of("stats", "glm", "--data", CommandRun.data("lesions.csv"),
                "--formula", "lesions ~ arm", "--family", "poisson", "--robust-type", "hc0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").contains("robust test only");
    }

    @Test
    void unknownTestExitsWithTwoListingTheChoices() {
        CommandRun run = CommandRun.of("stats", "glm", "--data", CommandRun.data("lesions.csv"),
                "--formula", "lesions ~ arm", "--family", "poisson", "--test", "score");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").contains("unknown test \"score\"", "wald, lrt, robust");
    }

    @Test
    void missingFormulaIsAUsageError() {
        CommandRun run = CommandRun.of("stats", "glm", "--data", CommandRun.data("lesions.csv"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--formula");
    }

    @Test
    void rerandomisationTestReRunsPermutedBlocksWithinSubTrialsFromTheSeed() {
        String[] args = {"stats", "glm", "--data", CommandRun.data("mesems-like.csv"), "--formula", MESEMS_FORMULA,
                "--family", "negbin", "--ref", "sequence=PLACEBO-MSC", "--test", "rerandomisation", "--treatment", "sequence",
                "--allocation", "permuted-blocks", "--block-sizes", "2,4", "--strata", "subTrial", "--rerandomisations", "2000",
                "--seed", "5", "--json"};
        CommandRun run = CommandRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.get("test").asString()).isEqualTo("rerandomisation");
        JsonNode t = json.get("rerandomisation");
        assertThat(t.get("term").asString()).isEqualTo("sequenceMSC-PLACEBO");
        assertThat(t.get("allocation").asString()).isEqualTo("permuted blocks of 2 or 4, stratified by subTrial");
        assertThat(t.get("statisticName").asString()).isEqualTo("score");
        // R 4.2.2, MASS 7.3-58.2: anova(m0, m1, test = "Rao", dispersion = 1), theta of glm.nb on the null model
        assertThat(t.get("statistic").asDouble()).isCloseTo(4.8619161470865322, Offset.offset(1e-8 * 4.86));
        assertThat(t.get("scoreP").asDouble()).isCloseTo(0.027455826662615375, Offset.offset(1e-8 * 0.0275));
        assertThat(t.get("rerandomisations").asInt()).isEqualTo(2000);
        assertThat(t.get("seed").asLong()).isEqualTo(5);
        assertThat(t.get("p").asDouble()).isEqualTo((t.get("atLeastAsExtreme").asInt() + 1) / 2001.0);
        assertThat(t.get("p").asDouble()).isCloseTo(0.0275, Offset.offset(0.015));
        assertThat(t.get("monteCarloSe").asDouble()).isBetween(0.001, 0.006);
        // the Wald table is unchanged by the test
        assertThat(sequenceRow(run).get("se").asDouble()).isCloseTo(0.28986052603857532, Offset.offset(1e-6));
        CommandRun again = CommandRun.of(args);
        assertThat(JSON.readTree(again.out()).get("rerandomisation")).isEqualTo(t);
    }

    @Test
    void rerandomisationUnderCompleteRandomisationAgreesWithALargeRRun() {
        CommandRun run = CommandRun.of("stats", "glm", "--data", CommandRun.data("mesems-like.csv"), "--formula", MESEMS_FORMULA,
                "--family", "negbin", "--ref", "sequence=PLACEBO-MSC", "--test", "rerandomisation", "--treatment", "sequence",
                "--allocation", "complete", "--seed", "3", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode t = JSON.readTree(run.out()).get("rerandomisation");
        assertThat(t.get("rerandomisations").asInt()).as("the default").isEqualTo(10_000);
        // stats' rerandomisation-reference.R: 9,453 of 400,000 coin-flip allocations drawn in R at least as extreme
        double rP = 0.0236325;
        double se = Math.hypot(t.get("monteCarloSe").asDouble(), Math.sqrt(rP * (1 - rP) / 400_000));
        assertThat(t.get("p").asDouble()).isCloseTo(rP, Offset.offset(4 * se));
    }

    @Test
    void rerandomisationSummaryStatesTheTestAndTheDrawnSeed() {
        CommandRun run = CommandRun.of("stats", "glm", "--data", CommandRun.data("mesems-like.csv"), "--formula", MESEMS_FORMULA,
                "--family", "negbin", "--ref", "sequence=PLACEBO-MSC", "--test", "rerandomisation", "--treatment", "sequence",
                "--allocation", "minimisation", "--strata", "subTrial", "--probability", "0.8", "--rerandomisations", "300");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Re-randomisation test of sequenceMSC-PLACEBO: minimisation over subTrial (p = 0.8, range) "
                + "re-run 300 times over the 141 rows in their order of randomisation", "repeat with --seed", "score statistic 4.86192");
    }

    @Test
    void rerandomisationOptionsAreCheckedWithOneLineAndExitTwo() {
        String data = CommandRun.data("mesems-like.csv");
        String[][] bad = {
                {"--test", "rerandomisation", "--allocation", "complete"},
                {"--test", "rerandomisation", "--treatment", "sequence"},
                {"--test", "rerandomisation", "--treatment", "sequence", "--allocation", "blocks"},
                {"--test", "rerandomisation", "--treatment", "sequence", "--allocation", "permuted-blocks"},
                {"--test", "rerandomisation", "--treatment", "sequence", "--allocation", "permuted-blocks", "--block-sizes", "3"},
                {"--test", "rerandomisation", "--treatment", "arm", "--allocation", "complete"},
                {"--test", "rerandomisation", "--treatment", "sequence", "--allocation", "complete", "--rerandomisations", "5"},
                {"--test", "rerandomisation", "--treatment", "sequence", "--allocation", "complete", "--order", "baseline"},
                {"--test", "wald", "--seed", "3"},
        };
        String[] messages = {"needs --treatment", "needs --allocation", "--allocation must be permuted-blocks, minimisation or complete",
                "needs --block-sizes", "block size 3 is not a multiple", "has no column \"arm\"", "between 100 and 10000000",
                "the same place", "go with --test rerandomisation"};
        for (int i = 0; i < bad.length; i++) {
            String[] args = new String[bad[i].length + 10];
            System.arraycopy(new String[] {"stats", "glm", "--data", data, "--formula", MESEMS_FORMULA, "--family", "negbin",
                    "--ref", "sequence=PLACEBO-MSC"}, 0, args, 0, 10);
            System.arraycopy(bad[i], 0, args, 10, bad[i].length);
            CommandRun run = CommandRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", bad[i]) + ": " + run.err()).isEqualTo(2);
            assertThat(run.err().strip()).as(String.join(" ", bad[i])).doesNotContain("\n").doesNotContain("Exception").contains(messages[i]);
        }
    }
}
