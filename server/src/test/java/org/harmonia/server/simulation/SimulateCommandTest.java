package org.harmonia.server.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.harmonia.server.cli.HarmoniaCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code harmonia simulate}, run in-process with captured output and a few trials. */
class SimulateCommandTest {
    private static final String MESEMS = "../protocols/mesems.yaml";
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void printsThePowerWithItsIntervalAndTheThroughput() {
        assertThat(run("simulate", "--study", MESEMS, "--rate-ratio", "0.6", "--trials", "40", "--seed", "1")).isZero();
        String text = out.toString();
        assertThat(text).startsWith("MESEMS: power of the primary analysis, 40 simulated trials (seed 1)");
        assertThat(text).contains("144 patients, permuted blocks of 2 or 4, stratified by subTrial, 9 sub-trial(s) recruiting equally");
        assertThat(text).containsPattern("Power: 0\\.\\d{4} \\(95% CI 0\\.\\d{4} to [01]\\.\\d{4}, Clopper-Pearson\\), \\d+ of 40 trials with p < 0.05");
        assertThat(text).contains("Throughput: 40 trials in");
        assertThat(err.toString()).as("no progress bar without a terminal").isEmpty();
    }

    @Test
    void speaksOfTypeIErrorAtRateRatioOneAndGivesTheDrawnSeed() {
        assertThat(run("simulate", "--study", MESEMS, "--trials", "20", "--threads", "1")).isZero();
        assertThat(out.toString()).containsPattern("MESEMS: type I error of the primary analysis, 20 simulated trials \\(seed \\d+; repeat with --seed \\d+\\)");
        assertThat(out.toString()).contains("Type I error: ");
    }

    @Test
    void jsonHasTheScenarioAndTheResult() {
        assertThat(run("simulate", "--study", MESEMS, "--rate-ratio", "0.5", "--trials", "30", "--seed", "9", "--patients", "100",
                "--mean", "2", "--theta", "0.8", "--dropout", "0.05", "--alpha", "0.025", "--require-benefit",
                "--share", "italy=0.5", "--share", "london=0.5", "--json")).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(out.toString());
        assertThat(json.get("estimate").asString()).isEqualTo("power");
        JsonNode s = json.get("scenario");
        assertThat(s.get("study").asString()).isEqualTo("mesems");
        assertThat(s.get("patients").asInt()).isEqualTo(100);
        assertThat(s.get("placeboMean").asDouble()).isEqualTo(2);
        assertThat(s.get("baselineMean").asDouble()).isEqualTo(2);
        assertThat(s.get("theta").asDouble()).isEqualTo(0.8);
        assertThat(s.get("dropout").asDouble()).isEqualTo(0.05);
        assertThat(s.get("alpha").asDouble()).isEqualTo(0.025);
        assertThat(s.get("requireBenefit").asBoolean()).isTrue();
        assertThat(s.get("seed").asLong()).isEqualTo(9);
        assertThat(s.get("shares").get("italy").asDouble()).isEqualTo(0.5);
        assertThat(s.get("shares").get("toulouse").asDouble()).isZero();
        JsonNode r = json.get("result");
        for (String key : new String[] {"trials", "successes", "power", "ciLow", "ciHigh", "analysed", "notConverged", "notEstimable",
                "meanRateRatio", "medianRateRatio", "empiricalSeLogRateRatio", "meanModelSeLogRateRatio", "meanFullAnalysisSet",
                "threads", "elapsedSeconds", "trialsPerSecond"}) {
            assertThat(r.has(key)).as(key).isTrue();
        }
        assertThat(r.get("trials").asInt()).isEqualTo(30);
        assertThat(r.get("power").asDouble()).isBetween(r.get("ciLow").asDouble(), r.get("ciHigh").asDouble());
    }

    @Test
    void sameSeedPrintsTheSameResult() {
        run("simulate", "--study", MESEMS, "--rate-ratio", "0.7", "--trials", "30", "--seed", "5", "--json", "--threads", "1");
        JsonNode first = JsonMapper.builder().build().readTree(out.toString()).get("result");
        out.getBuffer().setLength(0);
        run("simulate", "--study", MESEMS, "--rate-ratio", "0.7", "--trials", "30", "--seed", "5", "--json", "--threads", "2");
        JsonNode second = JsonMapper.builder().build().readTree(out.toString()).get("result");
        assertThat(second.get("successes")).isEqualTo(first.get("successes"));
        assertThat(second.get("meanRateRatio")).isEqualTo(first.get("meanRateRatio"));
    }

    @Test
    void badOptionsExitWithCode2AndOneLine() {
        assertBad("the rate ratio must be a positive number; got 0.0", "--rate-ratio", "0");
        assertBad("the placebo mean (lesions per scan) must be a positive number; got -1.0", "--mean", "-1");
        assertBad("the number of trials must be between 1 and 10000000; got 0", "--trials", "0");
        assertBad("the recruitment shares of the sub-trials must sum to 1; they sum to 0.7", "--share", "italy=0.7");
        assertBad("unknown sub-trial oslo in the recruitment shares", "--share", "oslo=1");
        assertBad("--threads must be at least 1; got 0", "--threads", "0");
        assertBad("Invalid value for option '--theta'", "--theta", "lots");
    }

    @Test
    void theTestComesFromThePlanAndCanBeChosen() {
        assertThat(run("simulate", "--study", MESEMS, "--trials", "20", "--seed", "3")).isZero();
        assertThat(out.toString()).as("MESEMS plans a Wald test").contains("NB2, Wald test, two-sided alpha 0.05");
        out.getBuffer().setLength(0);
        assertThat(run("simulate", "--study", MESEMS, "--trials", "20", "--seed", "3", "--test", "robust", "--json")).isZero();
        JsonNode s = JsonMapper.builder().build().readTree(out.toString()).get("scenario");
        assertThat(s.get("test").asString()).isEqualTo("robust");
        assertThat(s.get("robustType").asString()).isEqualTo("hc3");
        out.getBuffer().setLength(0);
        assertThat(run("simulate", "--study", MESEMS, "--trials", "20", "--seed", "3", "--test", "lrt")).isZero();
        assertThat(out.toString()).contains("likelihood-ratio test (each model with its own theta)");
        assertBad("unknown test \"score\"", "--test", "score");
        assertBad("robust test only", "--test", "wald", "--robust-type", "hc0");
    }

    @Test
    void comparesTheAnalysesOnTheSameTrialsWithTypeIErrorPowerBiasAndCoverage() {
        assertThat(run("simulate", "--study", MESEMS, "--rate-ratio", "0.6", "--trials", "40", "--seed", "4")).isZero();
        String text = out.toString();
        assertThat(text).contains("Analyses compared on the same 40 trials (type I error at rate ratio 1, power at rate ratio 0.6; "
                + "bias of the log rate ratio and coverage of its 95% CI at rate ratio 0.6):");
        assertThat(text).containsPattern("\\n  wald, the plan's +0\\.\\d{4} \\(0\\.\\d{4}-0\\.\\d{4}\\) +0\\.\\d{4} \\(");
        assertThat(text).contains("\n  lrt ", "\n  robust (hc0) ", "\n  robust (hc3) ");
        out.getBuffer().setLength(0);
        assertThat(run("simulate", "--study", MESEMS, "--rate-ratio", "0.6", "--trials", "40", "--seed", "4", "--json")).isZero();
        JsonNode r = JsonMapper.builder().build().readTree(out.toString()).get("result");
        JsonNode analyses = r.get("analyses");
        assertThat(analyses).hasSize(4);
        assertThat(out.toString().split("\"analyses\"", -1)).as("one analyses key").hasSize(2);
        assertThat(r.has("trialsPerSecond")).isTrue();
        JsonNode wald = analyses.get(0);
        assertThat(wald.get("test").asString()).isEqualTo("wald");
        assertThat(wald.get("primary").asBoolean()).isTrue();
        assertThat(wald.get("power").asDouble()).isEqualTo(r.get("power").asDouble());
        assertThat(wald.get("powerCiLow").asDouble()).isEqualTo(r.get("ciLow").asDouble());
        for (String key : new String[] {"typeIError", "typeIErrorCiLow", "typeIErrorCiHigh", "power", "powerCiLow", "powerCiHigh",
                "biasLogRateRatio", "coverage", "withInterval", "meanSeLogRateRatio", "analysed"}) {
            assertThat(wald.has(key)).as(key).isTrue();
        }
        assertThat(analyses.get(1).get("test").asString()).isEqualTo("lrt");
        assertThat(analyses.get(1).get("primary").asBoolean()).isFalse();
        // the same estimates for every test: one bias
        assertThat(analyses.get(3).get("biasLogRateRatio")).isEqualTo(wald.get("biasLogRateRatio"));
        // the type I error comes from the same seed's trials at rate ratio 1
        out.getBuffer().setLength(0);
        assertThat(run("simulate", "--study", MESEMS, "--trials", "40", "--seed", "4", "--json")).isZero();
        JsonNode atNull = JsonMapper.builder().build().readTree(out.toString()).get("result");
        assertThat(atNull.get("analyses").get(0).get("typeIError")).isEqualTo(wald.get("typeIError"));
        assertThat(atNull.get("analyses").get(0).get("power").isNull()).isTrue();
    }

    @Test
    void theRerandomisationTestAndTheDesignSwitchesCanBeSimulated() {
        assertThat(run("simulate", "--study", MESEMS, "--trials", "8", "--seed", "2", "--analyses", "wald,rerandomisation",
                "--rerandomisations", "100", "--recruitment", "fixed", "--block-sizes", "16", "--dropout", "0", "--json")).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(out.toString());
        assertThat(json.get("scenario").get("recruitment").asString()).isEqualTo("fixed");
        assertThat(json.get("scenario").get("allocation").asString()).isEqualTo("permuted blocks of 16, stratified by subTrial");
        JsonNode analyses = json.get("result").get("analyses");
        assertThat(analyses).hasSize(2);
        assertThat(analyses.get(1).get("test").asString()).isEqualTo("rerandomisation (100)");
        out.getBuffer().setLength(0);
        assertThat(run("simulate", "--study", MESEMS, "--trials", "4", "--seed", "2", "--test", "rerandomisation",
                "--rerandomisations", "100", "--analyses", "wald")).isZero();
        assertThat(out.toString()).contains("NB2, re-randomisation test (100 re-randomisations of the protocol's allocation per trial, "
                + "score statistic)", "rerandomisation (100), the plan's");
        out.getBuffer().setLength(0);
        // the analyses are read with spaces and in any case, and --rerandomisations with them
        assertThat(run("simulate", "--study", MESEMS, "--trials", "2", "--seed", "2", "--analyses", "wald, Rerandomisation",
                "--rerandomisations", "100")).isZero();
        assertThat(out.toString()).contains("rerandomisation (100)");
        assertBad("--analyses: unknown analysis \"score\"", "--analyses", "wald,score");
        assertBad("--rerandomisations goes with the re-randomisation test", "--rerandomisations", "100");
        assertBad("--recruitment must be random or fixed; got sometimes", "--recruitment", "sometimes");
        assertBad("block size 3 is not a multiple", "--block-sizes", "3");
        assertBad("the number of re-randomisations must be between 100", "--test", "rerandomisation", "--rerandomisations", "10");
    }

    @Test
    void anUnknownStudyExitsWithCode2() {
        assertThat(run("simulate", "--study", "nosuchstudy", "--protocols", "../protocols", "--trials", "5")).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1);
    }

    private void assertBad(String message, String... options) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        String[] args = new String[options.length + 5];
        args[0] = "simulate";
        args[1] = "--study";
        args[2] = MESEMS;
        args[3] = "--seed";
        args[4] = "1";
        System.arraycopy(options, 0, args, 5, options.length);
        assertThat(run(args)).as(String.join(" ", options)).isEqualTo(2);
        assertThat(err.toString()).contains(message);
        assertThat(err.toString().lines()).as(err.toString()).hasSize(1);
        assertThat(err.toString()).doesNotContain("Exception");
    }

    private int run(String... args) {
        CommandLine cl = HarmoniaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }
}
